"""The learner's own workspace: the lessons to work in, made from the student copies (exercises
stubbed; explanations, charts and tables kept), apart from notebooks/, which stays the reference
with solutions. environment/start opens it; nothing in it is ever overwritten.

    prepare [WORKSPACE]   makes the workspace on first use (default: workspace/ in the course's
                          folder), adds lessons that are new, and says which lessons have a newer
                          version (see update)
    update LESSON [--workspace WORKSPACE]
                          brings one lesson (e.g. 03) up to date: the newer version, with the
                          learner's code between // BEGIN SOLUTION and // END SOLUTION carried over;
                          the old file is kept beside it as a backup
    hint LESSON [EXERCISE] [--solution]
                          a hint for the lesson's exercises (or the reference answer, from notebooks/)
    progress [LESSON ...] [--workspace WORKSPACE]
                          which exercises pass, lesson by lesson: each notebook run in a fresh
                          kernel with the grader, the verdicts an instructor's grading would give

A workspace holds a .gitignore that ignores everything in it (so the course's git status stays
clean wherever it lies), .course-root, which names the course whose kernel runs its notebooks, and
workspace.json, which records the version of each lesson it was made from. The lessons the course
writes there are trusted (Jupyter's signature database), so their charts and tables show at once. A folder
without workspace.json that is not empty is not a workspace: nothing is written there.
"""
import hashlib
import json
import os
import time
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from backprop_course import notebooks
from backprop_course.learner import exercises
from backprop_course.paths import JAR, ROOT

# the learner's workspace: workspace/ in the clone, or where COURSE_WORKSPACE says (a classroom's server sets it)
DEFAULT = Path(os.environ.get("COURSE_WORKSPACE") or ROOT / "workspace")
# the workspace's record of its lessons' versions: hidden, so that the file browser shows the lessons only
RECORD = ".course-workspace.json"
OLD_RECORD = "workspace.json"   # its name until the fourth wave: moved to RECORD when found
CLASSPATH = "%classpath ../target/backprop-course.jar"


LESSONS = "COURSE_LESSONS"


class WorkspaceError(Exception):
    """What is wrong with a workspace, said for the learner; nothing was written."""


def course_lessons():
    """The lessons a workspace is made from: notebooks/, or where a classroom's students get them
    (the folder COURSE_LESSONS names: student copies that keep their hints, the answers left out)."""
    folder = os.environ.get(LESSONS)
    if not folder:
        return notebooks.course_notebooks()
    found = sorted(Path(folder).glob("[0-9][0-9]-*.ipynb"))
    if not found:
        raise WorkspaceError(f"{LESSONS} names {folder}, which holds no lessons")
    return found


def lesson_copy(original, workspace, nb=None):
    """The lesson as the workspace gets it: the student copy, its %classpath line pointing at the
    course library from where the workspace lies. nb: the original already read (else read from its path)."""
    nb = exercises.student_copy(nb or nbformat.read(original, as_version=4))
    jar = os.path.relpath(JAR, Path(workspace).resolve())
    for cell in nb.cells:
        if cell.cell_type == "code" and CLASSPATH in cell.source:
            cell.source = cell.source.replace(CLASSPATH, f"%classpath {jar}")
    return nb


def _put(nb, target):
    """Writes a lesson the course made into the workspace, trusted: its stored outputs (charts,
    tables) are the course's own, so Jupyter shows them as they are rather than "Not Trusted". The
    trust goes into the learner's Jupyter signature database, as `jupyter trust` would put it."""
    NotebookNotary().sign(nb)
    notebooks.write_atomically(nb, target)


def version(nb):
    """A lesson version's fingerprint: its cells' sources (outputs and ids aside)."""
    text = json.dumps([(c.cell_type, c.source) for c in nb.cells], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_outdated(original, workspace):
    """Whether the course has a newer version of this lesson than the one the workspace's copy was made from."""
    recorded = _read_record(Path(workspace)).get("lessons", {}).get(original.name)
    return recorded is not None and recorded != version(lesson_copy(original, workspace))


def has_record(workspace):
    """Whether the folder is a course workspace (its record there; a record under its old name is moved first)."""
    old = workspace / OLD_RECORD
    if not (workspace / RECORD).exists() and old.is_file() and (workspace / ".course-root").exists():
        os.replace(old, workspace / RECORD)
    return (workspace / RECORD).exists()


def _read_record(workspace):
    path = workspace / RECORD
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise WorkspaceError(f"{path} cannot be read ({e}). Delete it and start again: "
                             "environment/start makes a new one and keeps your notebooks") from e


def _write_record(workspace, record):
    partial = workspace / f".{RECORD}.partial"
    partial.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, workspace / RECORD)


def prepare(workspace=DEFAULT, originals=None):
    """Makes or completes the workspace; returns lines to tell the learner."""
    workspace = Path(workspace).resolve()
    originals = originals or course_lessons()
    if workspace == notebooks.NOTEBOOKS.resolve():
        raise WorkspaceError(f"{workspace} is the course's reference notebooks; choose another folder for your work")
    if workspace.exists() and not workspace.is_dir():
        raise WorkspaceError(f"{workspace} is a file, not a folder; choose a folder for your work with --workspace")
    said, made = [], False
    if has_record(workspace):
        record = _read_record(workspace)
    elif (workspace / ".course-root").exists():   # a workspace whose record was lost: made again
        record = {"lessons": {o.name: version(lesson_copy(o, workspace)) for o in originals if (workspace / o.name).exists()}}
        said.append(f"{RECORD} was missing: made it again, taking your lessons to be the course's current ones")
    elif workspace.exists() and any(workspace.iterdir()):
        raise WorkspaceError(f"{workspace} is not a course workspace (it has no {RECORD}) and is not empty: "
                             "nothing was written there. Choose a new or empty folder with --workspace")
    else:
        workspace.mkdir(parents=True, exist_ok=True)
        (workspace / ".gitignore").write_text("# the learner's own work: git ignores this whole folder\n*\n")
        (workspace / ".course-root").write_text(f"{ROOT}\n")   # whose kernel runs these notebooks (kernel-launcher)
        record = {"lessons": {}}
        made = True
        said.append(f"made your workspace {workspace}: the lessons, with their exercises to do")
    newer, broken = [], []
    for original in originals:
        target = workspace / original.name
        fresh = lesson_copy(original, workspace)
        if not target.exists():
            if original.name in record["lessons"]:
                continue   # the learner deleted it: `update` brings it back
            _put(fresh, target)
            record["lessons"][original.name] = version(fresh)
            if not made:
                said.append(f"added the new lesson {original.name}")
            continue
        try:
            nbformat.read(target, as_version=4)
        except Exception as e:  # nbformat raises several kinds for a malformed notebook
            broken.append(f"{original.name} is not a readable notebook ({type(e).__name__}); it was left as it is")
            continue
        if record["lessons"].get(original.name) != version(fresh):
            newer.append(original.name)
    _write_record(workspace, record)
    said += broken
    if newer:
        said.append("a newer version of these lessons is out: " + ", ".join(newer))
        said.append("  bring one up to date, keeping your solutions: environment/update-lesson NN")
    return said


def add_lesson(original, workspace, nb=None):
    """Puts the lesson (its path in notebooks/; nb: that notebook already read) into the workspace,
    recorded as prepare() would, unless a file of that name is there: a learner's notebook is never
    replaced. True if it did."""
    workspace = Path(workspace).resolve()
    if not has_record(workspace):
        raise WorkspaceError(f"{workspace} is not a course workspace (it has no {RECORD})")
    record = _read_record(workspace)
    target = workspace / original.name
    if target.exists() or target.is_symlink():
        return False
    fresh = lesson_copy(original, workspace, nb)
    _put(fresh, target)
    record["lessons"][original.name] = version(fresh)
    _write_record(workspace, record)
    return True


def update(lesson, workspace=DEFAULT, originals=None):
    """Brings one lesson up to date; returns lines to tell the learner."""
    workspace = Path(workspace).resolve()
    originals = originals or course_lessons()
    if not has_record(workspace):
        raise WorkspaceError(f"{workspace} is not a course workspace (it has no {RECORD}); run environment/start first")
    original = lesson_notebook(lesson, originals)
    record = _read_record(workspace)
    target = workspace / original.name
    fresh = lesson_copy(original, workspace)
    stamp = version(fresh)   # the version the lesson is now at, before the learner's code goes in
    carried, said, there = 0, [], target.exists()
    if there:
        try:
            mine = nbformat.read(target, as_version=4)
        except Exception as e:
            raise WorkspaceError(f"{target} is not a readable notebook ({type(e).__name__}: {e}); "
                                 "nothing was changed. Mend it or move it away, then try again") from e
        regions = _solution_regions(mine)
        for cell in fresh.cells:
            gid = exercises.is_solution(cell) and cell.metadata.nbgrader.get("grade_id")
            if gid and gid in regions:
                lines, begin, end = exercises.solution_region(cell)
                carried += regions[gid] != lines[begin + 1:end]   # the learner wrote something there
                cell.source = "\n".join(lines[:begin + 1] + regions[gid] + lines[end:])
        backup = target.with_name(f"{target.stem}.backup-{time.strftime('%Y%m%d-%H%M%S')}.ipynb")
        os.replace(target, backup)
        said.append(f"kept your old {original.name} as {backup.name}")
    _put(fresh, target)
    record["lessons"][original.name] = stamp
    _write_record(workspace, record)
    said.append(f"{original.name} is up to date; your code in {carried} exercise(s) was carried over" if there
                else f"{original.name} was not in your workspace: it is there now, with its exercises to do")
    return said


def _solution_regions(nb):
    """{grade id: the learner's lines between BEGIN SOLUTION and END SOLUTION} for each exercise cell."""
    regions = {}
    for cell in nb.cells:
        if exercises.is_solution(cell):
            try:
                lines, begin, end = exercises.solution_region(cell)
            except StopIteration:   # a marker line deleted: nothing to carry over from this cell
                continue
            regions[cell.metadata.nbgrader.get("grade_id")] = lines[begin + 1:end]
    return regions


def lesson_notebook(lesson, originals=None):
    """The original notebook of a lesson named by its number ("03") or its file's stem."""
    originals = originals or course_lessons()
    lesson = str(lesson)
    number = lesson.zfill(2) if lesson.isdigit() else None   # 3 is lesson 03
    matches = [o for o in originals if o.stem == lesson or o.name.startswith(number or lesson)]
    if len(matches) != 1:
        raise WorkspaceError(f"no single lesson is called {lesson!r}; the lessons: "
                             + ", ".join(o.name for o in originals))
    return matches[0]
