"""A learner's progress (environment/progress): which exercises of their workspace pass, said lesson by
lesson as each lesson finishes, in words for a terminal."""
import re
from pathlib import Path

import nbformat

from backprop_course.grading import grade
from backprop_course.learner import exercises
from backprop_course.learner.workspace import DEFAULT, RECORD, WorkspaceError, course_lessons, has_record, is_outdated, lesson_notebook

# what a check cell calls its exercise: Exercise.check("Exercise 1 (the cost J)", ...)
TITLE = re.compile(r'Exercise\.check\(\s*"([^"]+)"')


def titles(original):
    """{a check's grade id: its exercise's title, as the check names it}."""
    found = {}
    for cell in nbformat.read(original, as_version=4).cells:
        match = exercises.is_check(cell) and TITLE.search(cell.source)
        if match:
            found[cell.metadata.nbgrader.grade_id] = match.group(1)
    return found


def in_terminal_words(message, title=None, newer=None):
    """A check's message said for a terminal (the line above it names the lesson): the notebook's "run
    that cell, then this one" and the grader's cell numbers mean nothing there, and the exercise's title,
    which the check puts first, is already at the start of the line. newer: the lesson's number when the
    course has a newer version of it than the learner's copy, whose check cells the grader then finds
    changed though the learner did not touch them."""
    if title and f"{title}: " in message:   # at the start, or after the grader's "check cell edited: …: "
        message = message.replace(f"{title}: ", "", 1)
    if newer and message.startswith(grade.EDITED):
        message = (f"your copy's check differs from the course's, which has a newer version of this lesson; the "
                   f"course's check ran (update-lesson {newer} brings your copy up to date, keeping your solutions)"
                   + message[len(grade.EDITED):])
    if "is not done yet" in message:
        return "not done yet: your code goes between // BEGIN SOLUTION and // END SOLUTION in its cell"
    broken = re.match(r"(\S+) did not compile when (?:cell \[\d+\]|its cell) last ran", message)
    if broken:
        return f"{broken.group(1)} does not compile: run its cell in the notebook to see the compiler's message"
    missing = re.match(r"(\S+) is not defined yet", message)
    if missing:
        return f"{missing.group(1)} is not defined: is it spelled as the exercise asks? Run its cell in the notebook to see"
    if message == "check did not run":
        return "its check did not run: an earlier cell stopped the lesson (the line above says where)"
    return message


def progress(workspace=DEFAULT, lessons=None, kernel_name=None, originals=None):
    """Which exercises of the workspace pass, yielded lesson by lesson: a line as a lesson starts to run
    (a lesson takes seconds, a looping one its time limit), then its exercises' lines as soon as it
    finishes. Each notebook runs top to bottom in a fresh kernel with the grader (grading.grade), as an
    instructor's grading would run it."""
    workspace = Path(workspace).resolve()
    originals = originals or course_lessons()
    if not has_record(workspace):
        raise WorkspaceError(f"{workspace} is not a course workspace (it has no {RECORD}); run environment/start first")
    chosen = [lesson_notebook(lesson, originals) for lesson in lessons] if lessons else originals
    for original in chosen:
        mine = workspace / original.name
        if not mine.exists():
            # (environment/start adds a lesson new to the course, but not one the learner deleted: update-lesson does both)
            yield f"{original.stem}: not in your workspace (update-lesson {original.name[:2]} puts it there)"
            continue
        named = titles(original)
        if not named:
            continue   # a lesson without exercises (00)
        newer = original.name[:2] if is_outdated(original, workspace) else None
        yield f"{original.stem}: running it in a fresh kernel …"
        result = grade.grade_one(mine, originals, kernel_name, folder=workspace)
        if not result.exercises:
            yield f"{original.stem}: {result.status}"
            continue
        passed = sum(e.earned == e.points for e in result.exercises)
        yield (f"{original.stem}: {passed} of {len(result.exercises)} exercises pass"
               + ("" if result.status == "graded" else f" ({result.status})"))
        for number, e in enumerate(result.exercises, 1):
            title = named.get(e.grade_id, f"Exercise {number}")
            yield f"  {'✓' if e.earned == e.points else '✗'} {title}" + (f": {in_terminal_words(e.message, title, newer)}"
                                                                          if e.message else "")
