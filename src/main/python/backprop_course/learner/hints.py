"""The hints a learner asks for when stuck (environment/hint): each exercise's hint, from its cell's
metadata ("course": {"hint": ...}), or its reference answer where the learner has the answers."""
import nbformat

from backprop_course.learner import exercises
from backprop_course.learner.workspace import WorkspaceError, course_lessons, lesson_notebook


def lesson_exercises(lesson, originals=None):
    """[(number, grade id, hint, reference code)] of one lesson's exercises, from notebooks/."""
    original = lesson_notebook(lesson, originals or course_lessons())
    found = []
    for cell in nbformat.read(original, as_version=4).cells:
        if exercises.is_solution(cell):
            lines, begin, end = exercises.solution_region(cell)
            code = "\n".join(lines[begin + 1:end])
            found.append((len(found) + 1, cell.metadata.nbgrader.get("grade_id"), exercises.hint(cell), code))
    return original, found


def hint(lesson, exercise=None, solution=False, originals=None):
    """A hint for each asked exercise of a lesson (or its reference answer, with solution=True)."""
    original, found = lesson_exercises(lesson, originals)
    if exercise is not None and not 1 <= exercise <= len(found):
        raise WorkspaceError(f"{original.name} has exercises 1 to {len(found)}, not {exercise}")
    said = []
    for number, gid, text, code in found:
        if exercise is None or number == exercise:
            if solution and exercises.is_stub(code, gid):
                raise WorkspaceError(f"{original.stem}: the reference answers stay with your instructor here; "
                                     f"environment/hint {original.stem[:2]} {number} gives the hint")
            said.append(f"{original.stem}, exercise {number}: " + (f"the reference answer:\n{code}" if solution else text))
    return said
