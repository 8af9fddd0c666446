"""The students' lessons: the student copies their workspaces are made from, a lesson handed out to
every student, and every student's notebook of a lesson collected for grading."""
import os
import pwd
import stat
from pathlib import Path

import nbformat

from backprop_course import notebooks
from backprop_course.classroom.students import as_student, exists, workspace_of
from backprop_course.learner import exercises, workspace


def write_lessons(folder):
    """The lessons the students' workspaces are made from: the student copies, hints kept (for
    environment/hint), answers left out; readable by everyone, written afresh at every start."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    for old in folder.glob("*.ipynb"):
        old.unlink()
    for original in notebooks.course_notebooks():
        copy = exercises.student_copy(nbformat.read(original, as_version=4), keep_hints=True)
        notebooks.write_atomically(copy, folder / original.name)
        (folder / original.name).chmod(0o644)


def hand_out(students, lesson):
    """The lesson's student copy into each student's workspace where it is not yet, written as the
    student and recorded in their workspace as a first login would; lines to tell. The reference is
    read here, as the instructor: students cannot read it."""
    original = workspace.lesson_notebook(lesson, notebooks.course_notebooks())
    reference = nbformat.read(original, as_version=4)
    given, kept, later = [], [], []
    for name, _ in students:
        folder = workspace_of(name)
        if not folder.is_dir():
            later.append(name)   # the first login makes the workspace, with every lesson
            continue
        added = as_student(name, lambda folder=folder: "given" if workspace.add_lesson(original, folder, reference) else "kept")
        (given if added == "given" else kept).append(name)
    said = [f"hand-out: {original.name} given to {len(given)} of {len(students)} students"
            + (f" ({', '.join(given)})" if given else "")]
    if kept:
        said.append("  had it already, left as it is: " + ", ".join(kept))
    if later:
        said.append("  not logged in yet (they get it at their first login): " + ", ".join(later))
    return said


def _instructor():
    """(uid, gid) of who asked: the instructor behind sudo, or the account running this."""
    return int(os.environ.get("SUDO_UID", os.getuid())), int(os.environ.get("SUDO_GID", os.getgid()))


def _private_folder(folder):
    """The folder made if missing, readable by the instructor only (a student's work is not their classmates')."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    os.chown(folder, *_instructor())


def collect(students, lesson, submissions):
    """Each student's notebook of the lesson copied to submissions/<student>/; lines to tell. Only a
    file of the student's own is taken: a link (to another student's notebook, say) is not. The copies
    are the instructor's (under sudo: the account that ran sudo), readable by them alone."""
    original = workspace.lesson_notebook(lesson)
    submissions = Path(submissions)
    if not submissions.exists():
        _private_folder(submissions)   # under sudo the instructor's, as the student folders in it
    got, missing, refused = [], [], []
    for name, _ in students:
        source = workspace_of(name) / original.name if exists(name) else None
        if source is not None and source.is_symlink():
            refused.append(name)
            continue
        try:
            handle = os.open(source, os.O_RDONLY | os.O_NOFOLLOW) if source else None
        except OSError:
            handle = None
        if handle is None:
            missing.append(name)
            continue
        with os.fdopen(handle, "rb") as file:
            facts = os.fstat(file.fileno())
            if not stat.S_ISREG(facts.st_mode) or facts.st_uid != pwd.getpwnam(name).pw_uid:
                refused.append(name)
                continue
            target = submissions / name / original.name
            _private_folder(target.parent)
            target.write_bytes(file.read())   # read only: the student's file stays as it is
            target.chmod(0o600)
            os.chown(target, *_instructor())
        got.append(name)
    said = [f"collect: {original.name} from {len(got)} of {len(students)} students into {submissions}/<student>/"]
    if missing:
        said.append("  missing: " + ", ".join(missing))
    if refused:
        said.append("  not collected, not a file of their own (a link, or someone else's): " + ", ".join(refused))
    return said
