"""The course's exercises: find them, check their nbgrader metadata, make student copies.

An exercise is a solution cell (nbgrader "solution": true) whose learner's region lies between a
line containing `// BEGIN SOLUTION` and one containing `// END SOLUTION`, with a ladder of hints in
its metadata ("course": {"hints": [...]}, from the idea to the shape of the code) that a learner
climbs a step at a time when stuck, followed by one or more
check cells (nbgrader "grade": true, "locked": true, with points). Cells carry nbgrader's cell
metadata, schema_version 3, so courses that use nbgrader can use the notebooks as they are.
"""
import copy
import re
from pathlib import Path

import nbformat

from backprop_course import notebooks

BEGIN = "// BEGIN SOLUTION"
END = "// END SOLUTION"
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader")


def is_solution(cell):
    meta = nbgrader(cell)
    return bool(meta and meta.get("solution"))


def is_check(cell):
    meta = nbgrader(cell)
    return bool(meta and meta.get("grade") and not meta.get("solution"))


def solution_region(cell):
    """(lines, begin, end): the solution cell's lines and the indexes of its BEGIN and END lines;
    the learner's region is lines[begin + 1:end]."""
    lines = cell.source.splitlines()
    begin = next(i for i, line in enumerate(lines) if BEGIN in line)
    end = next(i for i, line in enumerate(lines) if END in line)
    return lines, begin, end


def hints(cell):
    """The exercise's ladder of hints, for a learner who asks (metadata "course": {"hints": [...]}): from
    the idea (which formula, which notebook) to the shape of the code, never the code itself; or []."""
    return list(cell.get("metadata", {}).get("course", {}).get("hints", []))


def problems(nb, name="notebook"):
    """Every way the notebook's exercise cells break the format, one line each."""
    found = []
    seen = {}
    last_solution = None
    for index, cell in enumerate(nb.cells):
        meta = nbgrader(cell)
        if meta is None:
            continue
        where = f"{name}, cell {index + 1}"
        missing = NBGRADER_KEYS - set(meta)
        if missing:
            found.append(f"{where}: nbgrader metadata lacks {sorted(missing)}")
        if meta.get("schema_version") != 3:
            found.append(f"{where}: nbgrader schema_version is {meta.get('schema_version')!r}, expected 3")
        grade_id = meta.get("grade_id")
        if not grade_id or not re.fullmatch(r"[A-Za-z0-9_-]+", str(grade_id)):
            found.append(f"{where}: grade_id {grade_id!r} must be letters, digits, - and _")
        elif grade_id in seen:
            found.append(f"{where}: grade_id {grade_id!r} is used again (first in cell {seen[grade_id]})")
        else:
            seen[grade_id] = index + 1
        if meta.get("grade") and not isinstance(meta.get("points"), (int, float)):
            found.append(f"{where}: a graded cell needs points")
        if meta.get("grade") and meta.get("points", 0) <= 0:
            found.append(f"{where}: a graded cell's points must be above 0")
        if is_solution(cell):
            lines = cell.source.splitlines()
            begins = [i for i, line in enumerate(lines) if BEGIN in line]
            ends = [i for i, line in enumerate(lines) if END in line]
            if len(begins) != 1 or len(ends) != 1 or begins[0] >= ends[0]:
                found.append(f"{where}: a solution cell needs one {BEGIN} line before one {END} line")
            if len(hints(cell)) < 2 or not all(isinstance(h, str) and h.strip() for h in hints(cell)):
                found.append(f"{where}: a solution cell needs a ladder of hints for a learner who is stuck (metadata "
                             "course.hints: at least two, from the idea to the shape of the code)")
            last_solution = index
        if is_check(cell):
            if not meta.get("locked"):
                found.append(f"{where}: a check cell must be locked")
            if last_solution is None:
                found.append(f"{where}: a check cell with no solution cell before it")
    return found


def is_stub(code, grade_id):
    """Whether a solution region's code is a student copy's stub (what student_copy put there), not an answer."""
    return code.strip() == stub(f"Exercise {grade_id}", "").strip()


def stub(exercise_label, indent):
    return f'{indent}throw new UnsupportedOperationException("{exercise_label}: your code goes here");'


def student_copy(nb, keep_hints=False):
    """A copy with each solution region replaced by a stub that fails clearly, its hints left out
    (environment/hint gives them on request; keep_hints=True keeps them, for the lessons a classroom's
    students are given to make their workspaces from), and the outputs of solution and check cells
    cleared. Everything else is kept as it is. A student copy's student copy is itself."""
    student = copy.deepcopy(nb)
    for cell in student.cells:
        if is_solution(cell):
            lines, begin, end = solution_region(cell)
            indent = re.match(r"\s*", lines[begin]).group(0)
            label = cell.metadata.nbgrader.get("grade_id", "exercise")
            cell.source = "\n".join(lines[:begin + 1] + [stub(f"Exercise {label}", indent)] + lines[end:])
            if not keep_hints:
                cell.metadata.pop("course", None)   # the hints: environment/hint shows them when asked
        if is_solution(cell) or is_check(cell):
            cell.outputs = []
            cell.execution_count = None
    return student


def write_student_copies(outdir, force=False, originals=None):
    """Writes the student copies; returns the paths written. Refuses notebooks/ itself."""
    outdir = Path(outdir).resolve()
    if outdir == notebooks.NOTEBOOKS.resolve() or notebooks.NOTEBOOKS.resolve() in outdir.parents:
        raise SystemExit(f"student-copies: {outdir} is inside notebooks/; choose a folder outside it")
    originals = originals or notebooks.course_notebooks()
    targets = [outdir / p.name for p in originals]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise SystemExit("student-copies: these files exist already, nothing was written "
                         "(add --force to replace them):\n  " + "\n  ".join(map(str, existing)))
    outdir.mkdir(parents=True, exist_ok=True)
    for original, target in zip(originals, targets):
        notebooks.write_atomically(student_copy(nbformat.read(original, as_version=4)), target)
    return targets
