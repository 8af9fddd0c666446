"""A learner's progress (environment/progress): which exercises of their workspace pass."""
from pathlib import Path

from backprop_course.grading import grade
from backprop_course.learner.workspace import DEFAULT, RECORD, WorkspaceError, course_lessons, lesson_notebook


def progress(workspace=DEFAULT, lessons=None, kernel_name=None, originals=None, starting=lambda line: None):
    """Which exercises of the workspace pass, lesson by lesson: each notebook run in a fresh kernel
    with the grader (grading.grade), as an instructor's grading would run it. `starting` hears a
    line as each lesson starts to run (a lesson takes seconds, a looping one its whole time limit)."""
    workspace = Path(workspace).resolve()
    originals = originals or course_lessons()
    if not (workspace / RECORD).exists():
        raise WorkspaceError(f"{workspace} is not a course workspace (it has no {RECORD}); run environment/start first")
    chosen = [lesson_notebook(lesson, originals) for lesson in lessons] if lessons else originals
    said = []
    for original in chosen:
        mine = workspace / original.name
        if not mine.exists():
            said.append(f"{original.stem}: not in your workspace")
            continue
        starting(f"{original.stem}: running it in a fresh kernel …")
        result = grade.grade_one(mine, originals, kernel_name, folder=workspace)
        if not result.exercises:
            continue
        passed = sum(e.earned == e.points for e in result.exercises)
        said.append(f"{original.stem}: {passed} of {len(result.exercises)} exercises passed"
                    + ("" if result.status == "graded" else f" ({result.status})"))
        for number, e in enumerate(result.exercises, 1):
            said.append(f"  {'✓' if e.earned == e.points else '✗'} exercise {number}" + (f": {e.message}" if e.message else ""))
    return said
