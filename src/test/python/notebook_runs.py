"""Runs of notebooks, shared by the test modules: each distinct notebook runs once per kernel in a
test session (a Run All costs seconds; the notebook tests, the student copies' tests and the
grading tests all need the same runs). A run is the real thing, in real Jupyter (nbclient) with
the course's kernel, the course library's chart checks on and errors kept in the outputs; it is
looked up by the notebook's code and the kernel, and every caller gets its own copy."""
import copy
import json
from pathlib import Path

import nbformat

from backprop_course import notebooks
from backprop_course.learner import exercises
from test_support import kernel_name

_runs = {}


def run(nb, folder, major):
    """The notebook (already read), run top to bottom in `folder` on that JDK's kernel."""
    code = json.dumps([(c.cell_type, c.source) for c in nb.cells])
    key = (major, str(Path(folder).resolve()), code)
    if key not in _runs:
        _runs[key] = notebooks.execute_notebook(
            nb, folder, kernel_name(major), allow_errors=True, kernel_env={notebooks.STRICT_CHARTS: "1"})
    return copy.deepcopy(_runs[key])


def lesson(path, major):
    """One of the course's notebooks, run."""
    return run(nbformat.read(path, as_version=4), Path(path).parent, major)


def student_copy(path, major):
    """The student copy of one of the course's notebooks, run."""
    return run(exercises.student_copy(nbformat.read(path, as_version=4)), Path(path).parent, major)


def runner(major):
    """For grade.grade_one: runs a submission through the shared runs; (executed, no problem)."""
    return lambda nb, folder: (run(nb, folder, major), None)
