"""nbgrader's configuration for the course's Java lessons. An nbgrader course folder needs this file
(copied beside its source/ folder) and the lessons it assigns, each copied from the course's
notebooks/ into source/<assignment>/; nothing else. Where its defaults assume Python:

- a solution region between `// BEGIN SOLUTION` and `// END SOLUTION` becomes a Java stub that fails
  with a sentence, as in the course's own student copies (nbgrader's default Java stub, a comment,
  would not compile in a method that returns a value);
- the released lesson keeps its explanations' charts and tables, as the course's student copies do:
  only the outputs of solution and check cells are cleared (nbgrader clears every output by default);
- each cell may run for 120 s (nbgrader's default, 30 s, is short for a lesson's training cells on a
  busy machine);
- autograde runs each submission's kernel in the course's grading sandbox (src/main/python/backprop_course/grading/sandbox.py,
  as environment/grade does): the student's code sees no home, no other submission, no reference
  notebook and no network, whoever grades. Where no sandbox can be made, autograde says why and grades
  nothing; COURSE_TRUST_SUBMISSIONS=1 in the environment runs submissions with your own rights instead.

nbgrader runs the lessons with the course's kernel (the notebooks' kernelspec, "java", which the
course's environment/setup installs): from nbgrader's folders the kernel finds the course library
through the lessons' `%classpath ../target/backprop-course.jar` all the same (a relative path that
names nothing where the notebook lies is tried from the course's notebooks/). With more than one
clone of the course, a file `.course-root` in the course folder naming the clone picks its kernel
(and the sandbox, for a copy of this file outside the clone).
"""
import atexit
import os
import sys
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader.converters import Autograde, GenerateAssignment
from nbgrader.preprocessors import ClearOutput, Execute

c = get_config()  # noqa: F821 (nbgrader's configuration loader provides it)


class ClearAnswerOutputs(ClearOutput):
    """Clears the outputs of solution and check cells only: a solution's output or a check's
    verdict would give the answer away; a chart or a table explains the lesson."""

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade")):
            return super().preprocess_cell(cell, resources, index)
        return cell, resources


def course_clone():
    """The course's clone: the one this file lies in (environment/nbgrader/), or the one the course
    folder's .course-root names (for a copy of this file); None if neither."""
    here = Path(__file__).resolve().parent.parent.parent if "__file__" in globals() else None
    named = Path(".course-root").read_text(encoding="utf-8").strip() if Path(".course-root").is_file() else None
    for clone in (here, Path(named) if named else None):
        if clone is not None and (clone / "src" / "main" / "python" / "backprop_course" / "grading" / "sandbox.py").is_file():
            return clone
    return None


class SandboxedExecute(Execute):
    """nbgrader's Execute with each kernel in the course's grading sandbox (the manager is chosen as the
    kernel starts: Execute sets its own kernel_manager_class and each notebook's run sets it again)."""

    def create_kernel_manager(self):
        self.kernel_manager_class = sandboxed_manager()
        return super().create_kernel_manager()

    def start_new_kernel_client(self):
        # A kernel may die before it answers for a passing reason (seen once on a busy machine; outside the
        # sandbox, a port that another process took between jupyter_client's choice and the kernel's start):
        # nbclient has cleaned the failed start up, and the kernel is started once more, as environment/grade
        # does. Each time, what the box printed is said.
        died = self.km
        try:
            return super().start_new_kernel_client()
        except RuntimeError as e:
            if "died before replying to kernel_info" not in str(e):
                raise
            said = getattr(died, "last_words", None)   # the sandbox's manager keeps them; the trusted one has none
            self.log.warning("The kernel died before it answered%s; starting it once more",
                             "" if said is None else f" (it said: {said or 'nothing'})")
            self.km = died = self.create_kernel_manager()
            self.start_new_kernel()
            try:
                return super().start_new_kernel_client()
            except RuntimeError as again:
                if "died before replying to kernel_info" not in str(again):
                    raise
                said = getattr(died, "last_words", None)
                raise RuntimeError(f"{again} twice" + (f" (it said: {said or 'nothing'})" if said is not None else "")) from again


def sandboxed_manager():
    """The sandboxed kernel manager class, made once per process and kept on the sandbox module (the
    formgrader reads this file again at every request: the copies of the jars the boxes mount are made once)."""
    if os.environ.get("COURSE_TRUST_SUBMISSIONS") == "1":
        return AsyncKernelManager
    clone = course_clone()
    if clone is None:
        raise RuntimeError("autograde: nbgrader_config.py cannot find the course's clone for its grading sandbox: "
                           "write the clone's path into a file .course-root in the course folder")
    library = str(clone / "src" / "main" / "python")
    if library not in sys.path:
        sys.path.insert(0, library)
    from backprop_course.grading import sandbox
    if getattr(sandbox, "nbgrader_manager", None) is None:
        problem = sandbox.problem()
        if problem:
            raise RuntimeError(f"autograde: no grading sandbox on this machine: {problem}. Nothing was graded; "
                               "to run submissions with your own rights instead, set COURSE_TRUST_SUBMISSIONS=1")
        files = sandbox.SandboxFiles()
        atexit.register(files.close)
        # the box's CPU time: twice 10 minutes (a lesson runs in seconds; the per-cell timeout stops a loop first)
        sandbox.nbgrader_manager = sandbox.kernel_manager(files, 600)
    return sandbox.nbgrader_manager


c.Autograde.autograde_preprocessors = [
    SandboxedExecute if p is Execute else p for p in Autograde.class_traits()["autograde_preprocessors"].default()]
c.GenerateAssignment.preprocessors = [
    ClearAnswerOutputs if p is ClearOutput else p for p in GenerateAssignment.class_traits()["preprocessors"].default()]
c.ClearSolutions.code_stub = {"java": 'throw new UnsupportedOperationException("your code goes here");'}
c.Execute.timeout = 120
# a kernel has 180 s to start, as environment/grade gives it (nbclient's 60 s is too short for a sandboxed
# kernel on a busy class machine)
c.Execute.startup_timeout = 180
