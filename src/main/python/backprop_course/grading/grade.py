"""Instructors' tools: student copies of the notebooks, and grading of what students hand in.

    student-copies OUTDIR [--force]
        writes a student copy of every notebook in notebooks/ into OUTDIR: each solution region
        replaced by a stub that fails clearly, the outputs of solution and check cells cleared.
        It never writes into notebooks/, and never replaces a file in OUTDIR unless --force.

    grade SUBMISSION... [--csv FILE] [--time-limit SECONDS] [--cell-limit SECONDS] [--kernel NAME] [--trust-submissions]
        runs each submitted notebook in a fresh kernel, with its check cells replaced by the
        instructor's originals, and reports the points of every exercise, per student, as a table
        and as CSV (default grades.csv; an existing file is not replaced unless --force).
        A SUBMISSION is a notebook or a folder of them. Which lesson a submission is comes from
        its file name (it must contain the lesson's name, e.g. 01-cost-function-and-sum-rule);
        the student is the file's folder name when the file is named exactly as the lesson,
        and otherwise the rest of the file name (01-cost-function-and-sum-rule-alice -> alice).
        A cell still running after --cell-limit seconds (default 120, nbgrader's in the course's
        nbgrader_config.py) is stopped and the next one runs, as nbgrader does; at --time-limit
        (default 300, for the whole notebook) the run ends. Submissions are only read, never written. Each
        runs in a sandbox (grading/sandbox.py): as an
        account of its own when grading runs as root, else as the instructor mapped into a box that
        holds only the kernel, no network, a bounded Java heap, CPU, processes and disk; at the time limit everything
        it started ends. Where no sandbox can be made, grading stops, unless --trust-submissions.
"""
import argparse
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from backprop_course import notebooks
from backprop_course.grading.sandbox import SandboxFiles, kernel_manager
from backprop_course.grading.sandbox import problem as sandbox_problem
from backprop_course.learner.exercises import is_check, write_student_copies
from backprop_course.paths import NOTEBOOKS

# ---- grading ----------------------------------------------------------------------------------

@dataclass
class ExerciseScore:
    grade_id: str
    points: float
    earned: float = 0
    message: str = ""
    edited: bool = False   # the student's copy of its check was edited: the instructor's ran instead


@dataclass
class Result:
    student: str
    notebook: str
    status: str
    exercises: list = field(default_factory=list)

    @property
    def earned(self):
        return sum(e.earned for e in self.exercises)

    @property
    def possible(self):
        return sum(e.points for e in self.exercises)


def _checks(nb):
    return {c.metadata.nbgrader["grade_id"]: c for c in nb.cells if is_check(c)}


def _lesson_for(path, originals):
    """The original whose name the submission's file name contains (the longest such name)."""
    matches = [o for o in originals if o.stem in path.stem]
    return max(matches, key=lambda o: len(o.stem)) if matches else None


def _student_for(path, lesson):
    rest = path.stem.replace(lesson.stem, "").strip("-_ .")
    return rest or path.parent.name


def with_instructors_checks(submission, original):
    """Puts the instructor's check cells back into the submission, in place: an edited check cell
    gets the instructor's source again and is graded as it would be untouched (as nbgrader does),
    the report saying it was edited. Returns the exercises to score, by grade id, with a message for
    each check the student deleted (that one scores nothing: there is no cell to run it in)."""
    expected = _checks(original)
    found = _checks(submission)
    exercises = {gid: ExerciseScore(gid, float(c.metadata.nbgrader.get("points", 0))) for gid, c in expected.items()}
    for gid, cell in expected.items():
        if gid not in found:
            exercises[gid].message = "check cell deleted: no points"
        elif found[gid].source.strip() != cell.source.strip():
            exercises[gid].edited = True
            found[gid].source = cell.source
    return exercises


EDITED = "check cell edited: the instructor's check ran instead"   # an exercise's message when its check cell was edited
CELL_LIMIT = 120   # seconds a cell may run, as environment/nbgrader/nbgrader_config.py gives nbgrader's Execute


def grade_one(path, originals, kernel_name=None, time_limit=300, run=None, sandbox=None, folder=None, cell_limit=CELL_LIMIT):
    """Grades one submitted notebook (see the module's help), run as if it lay in `folder` (by default
    beside its lesson in notebooks/, where a handed-in lesson's %classpath line points from; a
    learner's own lesson runs from its workspace, for which its %classpath line was written). run: how the submission is run,
    (notebook, folder) -> (executed notebook, problem or None); by default in a fresh kernel
    within the time limit, in a sandbox when `sandbox` (a SandboxFiles) is given."""
    path = Path(path)
    lesson = _lesson_for(path, originals)
    if lesson is None:
        return Result(path.stem, path.name, "not a course notebook: its file name names no lesson (expected e.g. "
                      + originals[0].name + ")")
    student = _student_for(path, lesson)
    result = Result(student, lesson.name, "graded")
    original = nbformat.read(lesson, as_version=4)
    expected = _checks(original)
    result.exercises = [ExerciseScore(gid, float(c.metadata.nbgrader.get("points", 0))) for gid, c in expected.items()]
    try:
        with open(path, encoding="utf-8") as f:
            submission = nbformat.read(f, as_version=4)
    except (OSError, ValueError, json.JSONDecodeError, nbformat.reader.NotJSONError) as e:
        result.status = f"not a readable notebook ({type(e).__name__}: {str(e).splitlines()[0][:120]})"
        return result
    except Exception as e:  # nbformat raises several kinds for malformed notebooks
        result.status = f"not a valid notebook ({type(e).__name__}: {str(e).splitlines()[0][:120] if str(e) else ''})"
        return result
    found = _checks(submission)
    if found and not set(found) & set(expected):
        others = [o.name for o in originals if set(_checks(nbformat.read(o, as_version=4))) & set(found)]
        result.status = "made from another notebook" + (f" ({others[0]})" if others else "") + f", not {lesson.name}"
        return result
    exercises = with_instructors_checks(submission, original)
    result.exercises = list(exercises.values())
    run = run or (lambda nb, folder: _execute_with_time_limit(nb, folder, kernel_name, time_limit, sandbox, cell_limit))
    executed, problem = run(submission, folder or lesson.parent)
    if problem:
        result.status = problem
    if executed is None:
        return result
    ran = _checks(executed)
    for gid, exercise in exercises.items():
        if exercise.message or gid not in ran:
            continue
        errors = [o for o in ran[gid].get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            exercise.message = (errors[0].get("evalue") or errors[0].get("ename") or "failed").splitlines()[0]
        elif ran[gid].get("execution_count") is None:
            exercise.message = "check did not run"
        else:
            exercise.earned = exercise.points
    for exercise in exercises.values():
        if exercise.edited:
            exercise.message = EDITED + (f": {exercise.message}" if exercise.message else "")
    return result


def _execute_with_time_limit(nb, folder, kernel_name, time_limit, sandbox=None, cell_limit=None):
    """Runs the notebook in a fresh kernel (in a sandbox when `sandbox` is given); a cell past cell_limit
    is interrupted and the next runs, every cell gets at most what is left of the notebook's time limit,
    and at the limit the kernel is shut down (with the
    sandbox, every process it started). Returns (executed notebook, problem): after a time-out or a
    dead kernel, the notebook as far as it ran (each check's points come from its own cell, as in
    nbgrader), or None when it could not run at all."""
    manager = kernel_manager(sandbox, time_limit) if sandbox else None
    try:
        executed = notebooks.execute_notebook(nb, folder, kernel_name, allow_errors=True, time_limit=time_limit,
                                                     kernel_manager_class=manager, cell_limit=cell_limit)
    except CellTimeoutError as e:
        return e.partial, (f"timed out after {time_limit:g} s in {_stopped_at(e.partial)} (an endless loop?): "
                           "the checks that ran before it count")
    except DeadKernelError as e:
        return e.partial, (f"the kernel died in {_stopped_at(e.partial)} (System.exit, out of memory, or "
                           "out of its CPU time?): the checks that ran before it count")
    except Exception as e:  # a notebook the kernel cannot run at all
        return None, f"could not be run: {type(e).__name__}: {str(e).splitlines()[0][:160] if str(e) else ''}"
    return executed, None


def _stopped_at(executed):
    """Where a run stopped, as the learner finds it ("cell 12", counting every cell): the last code
    cell that started (nbclient numbers a cell as it starts it; execute_notebook cleared every number
    first), or the first code cell if none did."""
    code = [(index, cell) for index, cell in enumerate(executed.cells, 1) if cell.cell_type == "code" and cell.source.strip()]
    started = [index for index, cell in code if cell.get("execution_count") is not None]
    return f"cell {started[-1] if started else code[0][0]}" if code else "its first cell"


def _seconds(text):
    """A time limit from the command line: a number of seconds, 1 or more."""
    seconds = float(text)
    if not seconds >= 1:
        raise argparse.ArgumentTypeError(f"{text}: write a number of seconds, 1 or more")
    return seconds


def report(results, csv_path=None):
    """The results as a table (returned as text) and, if csv_path is given, as CSV."""
    lines = []
    for r in results:
        lines.append(f"{r.student:<16} {r.notebook:<42} {r.earned:g}/{r.possible:g}  {r.status}")
        for e in r.exercises:
            mark = "ok" if e.earned == e.points and e.points > 0 else "--"
            lines.append(f"    {mark} {e.grade_id:<34} {e.earned:g}/{e.points:g}  {e.message}")
    if csv_path:
        with open(csv_path, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["student", "notebook", "status", "exercise", "points", "max_points", "message"])
            for r in results:
                for e in r.exercises or [ExerciseScore("", 0)]:
                    out.writerow([r.student, r.notebook, r.status, e.grade_id, f"{e.earned:g}", f"{e.points:g}", e.message])
    return "\n".join(lines)


def _submissions(args):
    found = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.exists():
            found.append(p)
        else:
            print(f"grade: {p}: no such file or folder (skipped)", file=sys.stderr)
    return found


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m backprop_course.grading.grade", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    copies = sub.add_parser("student-copies", help="write student copies of every notebook into OUTDIR")
    copies.add_argument("outdir")
    copies.add_argument("--force", action="store_true", help="replace files that exist in OUTDIR")
    grading = sub.add_parser("grade", help="grade submitted notebooks")
    grading.add_argument("submissions", nargs="+")
    grading.add_argument("--csv", default="grades.csv", help="where to write the CSV (default grades.csv)")
    grading.add_argument("--force", action="store_true", help="replace the CSV file if it exists")
    grading.add_argument("--time-limit", type=_seconds, default=300, help="seconds per notebook (default 300)")
    grading.add_argument("--cell-limit", type=_seconds, default=CELL_LIMIT,
                         help=f"seconds per cell: a cell still running is stopped, the next runs (default {CELL_LIMIT})")
    grading.add_argument("--kernel", help="kernelspec to run with (default: java)")
    grading.add_argument("--trust-submissions", action="store_true",
                         help="run the submissions' code with your own rights, outside the sandbox: only for "
                              "notebooks you trust, on a machine where no sandbox can be made")
    args = parser.parse_args(argv)
    if args.command == "student-copies":
        for path in write_student_copies(args.outdir, args.force):
            print(f"wrote {path}")
        return 0
    csv_path = Path(args.csv)
    submissions = _submissions(args.submissions)
    if csv_path.exists() and not args.force:
        raise SystemExit(f"grade: {csv_path} exists; choose another --csv or add --force")
    if csv_path.resolve() in [s.resolve() for s in submissions]:
        raise SystemExit(f"grade: {csv_path} is one of the submissions; choose another --csv")
    sandbox = None
    if not args.trust_submissions:
        problem = sandbox_problem()
        if problem:
            raise SystemExit(f"grade: no sandbox can be made on this machine: {problem}.\n"
                             "Grading runs each submission's code. To run it with your own rights anyway, only for "
                             "submissions you trust, add --trust-submissions.")
        sandbox = SandboxFiles()
    originals = notebooks.course_notebooks()
    if not originals:
        raise SystemExit(f"grade: no lessons found in {NOTEBOOKS}: grading compares each submission "
                         "with its lesson there. Grade as the account that owns the course's clone (a running "
                         "classroom makes notebooks/ readable by its owner only), or from a clone you can read.")
    # Ctrl-C stops grading: the notebook running then is not graded (no student's 0 for the instructor's
    # key), and no CSV is written
    results, interrupted = [], False
    try:
        for submission in submissions:
            results.append(grade_one(submission, originals, args.kernel, args.time_limit, sandbox=sandbox,
                                     cell_limit=args.cell_limit))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if sandbox:
            sandbox.close()
    if interrupted:
        print(report(results))
        print(f"\ngrade: interrupted (Ctrl-C): {len(results)} of {len(submissions)} notebook(s) graded, shown above; "
              f"the one running then ({submissions[len(results)]}) was not graded, and {csv_path} was not written. "
              "Run grade again to grade them all.", file=sys.stderr)
        return 130
    print(report(results, csv_path))
    print(f"\n{len(results)} notebook(s) graded "
          + ("in a sandbox (no network, nothing of yours to read or write)" if sandbox else "with your own rights (--trust-submissions)")
          + f"; CSV written to {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
