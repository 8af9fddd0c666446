"""The hints a learner asks for when stuck (environment/hint): each exercise's ladder of hints, from
its cell's metadata ("course": {"hints": [...]}), one step at a time, from the idea to the shape of the
code; or its reference answer, asked for by name, where the learner has the answers."""
import nbformat

from backprop_course.learner import exercises
from backprop_course.learner.workspace import WorkspaceError, course_lessons, lesson_notebook


def lesson_exercises(lesson, originals=None):
    """[(number, grade id, [hints], reference code)] of one lesson's exercises, from notebooks/."""
    original = lesson_notebook(lesson, originals or course_lessons())
    found = []
    for cell in nbformat.read(original, as_version=4).cells:
        if exercises.is_solution(cell):
            lines, begin, end = exercises.solution_region(cell)
            code = "\n".join(lines[begin + 1:end])
            found.append((len(found) + 1, cell.metadata.nbgrader.get("grade_id"), exercises.hints(cell), code))
    return original, found


def hint(lesson, exercise=None, step=None, solution=False, originals=None, command="environment/hint"):
    """One step of an exercise's ladder of hints (the first unless asked), and how to ask for the next;
    or, with solution=True, that exercise's reference answer. Without an exercise: which exercises the
    lesson has, and how to ask. `command` is what the learner typed, named in what it says."""
    original, found = lesson_exercises(lesson, originals)
    short = original.stem[:2]
    if exercise is None:
        if solution:
            raise WorkspaceError(f"which exercise's answer? {command} {short} N --solution, N from 1 to {len(found)}")
        return [f"{original.stem} has exercises 1 to {len(found)}: {command} {short} 1 gives exercise 1's first hint"]
    if not 1 <= exercise <= len(found):
        raise WorkspaceError(f"{original.name} has exercises 1 to {len(found)}, not {exercise}")
    number, gid, steps, code = found[exercise - 1]
    answers_here = not exercises.is_stub(code, gid)
    if solution:
        if not answers_here:
            raise WorkspaceError(f"{original.stem}: the reference answers stay with your instructor here; "
                                 f"{command} {short} {number} gives the hints")
        return [f"{original.stem}, exercise {number}: the reference answer:\n{code}"]
    step = step or 1
    if not 1 <= step <= len(steps):
        raise WorkspaceError(f"{original.stem}, exercise {number} has hints 1 to {len(steps)}, not {step}")
    said = [f"{original.stem}, exercise {number}, hint {step} of {len(steps)}: {steps[step - 1]}"]
    if step < len(steps):
        said.append(f"  stuck still? the next hint: {command} {short} {number} {step + 1}")
    elif answers_here:
        said.append(f"  that was the last hint; the reference answer: {command} {short} {number} --solution")
    else:
        said.append("  that was the last hint; your instructor has the reference answer")
    return said
