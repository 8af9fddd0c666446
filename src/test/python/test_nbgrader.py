"""nbgrader itself (pinned, in .venv-nbgrader) on the course's Java lessons, configured by the one file
the course ships (environment/nbgrader/nbgrader_config.py): generate_assignment makes the student
version with the course's kernel and Java stubs, autograde runs submissions with the instructor's
checks restored, generate_feedback writes each student's feedback; and on the same submissions
(the reference, untouched, one answer wrong, half done, checks edited, a check deleted) nbgrader's
score for every exercise is environment/grade's (grading/grade.py). One grader, one truth."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import nbformat

from backprop_course.grading import grade, sandbox
from backprop_course.learner import exercises
from backprop_course.notebooks import KERNEL_START_LIMIT, course_notebooks
from test_support import ROOT

NBGRADER_PYTHON = os.environ.get("NBGRADER_PYTHON")   # environment/test exports what setup found
REQUIRED = os.environ.get("CI", "").lower() == "true"
WHY_NOT = None if NBGRADER_PYTHON else "no .venv-nbgrader (nbgrader 0.9 needs Python 3.11; environment/setup makes it)"
STUB = 'throw new UnsupportedOperationException("your code goes here");'
# An endless loop deaf to interrupts, as a busy one is, yet idle (a condition javac cannot read as
# always true, so the answer after it still compiles): the graders stop it the same way, and
# it leaves both cores to the other tests (test_grading's test_an_endless_loop_times_out spins)
LOOP = "while (System.nanoTime() != 0) { try { Thread.sleep(1_000); } catch (InterruptedException deaf) { } }   // for ever\n"
CELL_LIMIT = 10   # the loop's cell runs this long in each grader: lesson 01's cells take under 1 s


def answered(released, answers):
    """The released lesson with answers written where nbgrader left its stub: {grade id: code}."""
    nb = nbformat.from_dict(released)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if exercises.is_solution(cell) and grade_id in answers:
            assert STUB in cell.source, cell.source
            cell.source = cell.source.replace(STUB, answers[grade_id])
    return nb


def with_checks_edited(nb):
    """The notebook with every check cell's code replaced by a line that always passes."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if exercises.is_check(cell):
            cell.source = 'System.out.println("✓ correct.");'
    return nb


def without_a_check(nb):
    """The notebook with its first check cell deleted."""
    nb = nbformat.from_dict(nb)
    first = next(c for c in nb.cells if exercises.is_check(c))
    nb.cells = [c for c in nb.cells if c is not first]
    return nb


PEEK = "peeking at "


def with_a_peek(nb, lesson, home=None):
    """The notebook with a last cell that tries to read the reference notebook and to list the grader's
    home (this process's, unless another is given), and says what it got."""
    home = home or Path.home()
    nb = nbformat.from_dict(nb)
    nb.cells.append(nbformat.v4.new_code_cell(
        f'try {{ java.nio.file.Files.readAllBytes(java.nio.file.Path.of("{lesson}")); System.out.println("{PEEK}the reference: read"); }}\n'
        f'catch (Exception e) {{ System.out.println("{PEEK}the reference: refused"); }}\n'
        f'try {{ java.nio.file.Files.list(java.nio.file.Path.of("{home}")).count(); System.out.println("{PEEK}the home: read"); }}\n'
        f'catch (Exception e) {{ System.out.println("{PEEK}the home: refused"); }}'))
    return nb


def reference_answers(original):
    """{solution grade id: the reference code between the markers}."""
    found = {}
    for cell in original.cells:
        if exercises.is_solution(cell):
            lines, begin, end = exercises.solution_region(cell)
            found[cell.metadata.nbgrader.grade_id] = "\n".join(line.strip() for line in lines[begin + 1:end])
    return found


@unittest.skipIf(WHY_NOT and not REQUIRED, WHY_NOT)
class NbgraderOnTheLessons(unittest.TestCase):
    """Lesson 01 through nbgrader's whole cycle in a course folder of its own, outside the clone."""

    @classmethod
    def setUpClass(cls):
        cls.course = Path(tempfile.mkdtemp(prefix="course-nbgrader-"))
        cls.lesson = course_notebooks()[1]
        shutil.copy(ROOT / "environment" / "nbgrader" / "nbgrader_config.py", cls.course)
        (cls.course / ".course-root").write_text(f"{ROOT}\n")   # this clone's kernel, whichever clone setup registered last
        (cls.course / "source" / "ps01").mkdir(parents=True)
        shutil.copy(cls.lesson, cls.course / "source" / "ps01")
        cls.nbgrader("generate_assignment", "ps01", "--force")
        cls.released = nbformat.read(cls.course / "release" / "ps01" / cls.lesson.name, as_version=4)
        original = nbformat.read(cls.lesson, as_version=4)
        right = reference_answers(original)
        first, second = sorted(right)
        cls.submissions = {
            "ada": original,                                                  # the reference, answers and all
            "bob": cls.released,                                              # handed in untouched
            "cy": answered(cls.released, {first: "return 0;", second: right[second]}),   # one wrong, one right
            "dee": answered(cls.released, {first: right[first]}),             # half done
            "eve": with_checks_edited(answered(cls.released, {first: right[first]})),   # one right, every check edited
            "fay": without_a_check(original),                                 # the reference, one check deleted
            "hal": with_a_peek(original, cls.lesson),                         # the reference, and a look around
            "ivy": answered(cls.released, {first: LOOP + right[first], second: right[second]}),   # one loops for ever
            "jay": "not a notebook: a text file saved under the lesson's name\n",                # not JSON
        }
        for student, nb in cls.submissions.items():
            folder = cls.course / "submitted" / student / "ps01"
            folder.mkdir(parents=True)
            if isinstance(nb, str):
                (folder / cls.lesson.name).write_text(nb)
            else:
                nbformat.write(nb, folder / cls.lesson.name)
        (cls.course / "students.csv").write_text("id\n" + "".join(f"{student}\n" for student in cls.submissions))
        cls.nbgrader("db", "student", "import", "students.csv")   # the class list, as an instructor adds it
        # a short limit a cell (the course's is 120 s), the same for both graders, so that the loop ends soon
        cls.autograded = cls.nbgrader("autograde", "ps01", f"--Execute.timeout={CELL_LIMIT}", may_fail=True)
        cls.nbgrader("generate_feedback", "ps01")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.course, True)

    @classmethod
    def nbgrader(cls, *args, may_fail=False):
        bin_dir = str(Path(NBGRADER_PYTHON).parent)   # nbgrader runs alembic from its environment's bin/
        done = subprocess.run([NBGRADER_PYTHON, "-m", "nbgrader", *args], cwd=cls.course, capture_output=True, text=True,
                              env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}, timeout=600)
        if done.returncode != 0 and not may_fail:
            raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        return done

    def test_the_student_version_has_java_stubs_no_answer_and_keeps_the_lessons_charts(self):
        original = nbformat.read(self.lesson, as_version=4)
        answers = reference_answers(original)
        for cell in self.released.cells:
            if exercises.is_solution(cell):
                self.assertIn(STUB, cell.source)
                for line in answers[cell.metadata.nbgrader.grade_id].splitlines():
                    if len(line.strip()) > 10:   # a line of the answer, not a brace or a blank
                        self.assertNotIn(line.strip(), cell.source, "an answer left in the student version")
            if exercises.is_solution(cell) or exercises.is_check(cell):
                self.assertEqual(cell.get("outputs", []), [], "a solution's or check's output left in")
        def images(nb):
            return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        self.assertEqual(images(self.released), images(original), "the lesson's charts are kept")
        self.assertGreater(images(self.released), 0)

    def test_nbgraders_score_for_every_exercise_is_environment_grades(self):
        from_nbgrader = {}
        done = subprocess.run([NBGRADER_PYTHON, "-c", f"""
from nbgrader.api import Gradebook, MissingEntry
with Gradebook("sqlite:///{self.course / 'gradebook.db'}") as gb:
    for student in {sorted(self.submissions)!r}:
        try:
            submission = gb.find_submission("ps01", student)
        except MissingEntry:   # nbgrader could not grade it at all
            continue
        for nb in submission.notebooks:
            for grade in nb.grades:
                print(student, grade.name, grade.score, grade.max_score)
"""], capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        for line in done.stdout.split("\n"):
            if line.strip():
                student, grade_id, score, most = line.split()
                from_nbgrader[(student, grade_id)] = (float(score), float(most))
        by_grade, messages = {}, {}
        with tempfile.TemporaryDirectory() as tmp:
            for student, nb in self.submissions.items():
                path = Path(tmp) / student / self.lesson.name
                path.parent.mkdir()
                if isinstance(nb, str):
                    path.write_text(nb)
                else:
                    nbformat.write(nb, path)
                result = grade.grade_one(path, course_notebooks(), cell_limit=CELL_LIMIT)
                if student == "jay":   # not JSON: reported as such, and nothing earned (nbgrader records 0 for each)
                    self.assertTrue(result.status.startswith("not a readable notebook"), result.status)
                else:
                    self.assertEqual(result.status, "graded", f"{student}: {result.status}")
                for exercise in result.exercises:
                    by_grade[(student, exercise.grade_id)] = (exercise.earned, exercise.points)
                    if student == "ivy":
                        messages[exercise.grade_id] = exercise.message
        self.maxDiff = None
        self.assertEqual(from_nbgrader, by_grade)
        self.assertEqual({k: v[0] for k, v in by_grade.items() if k[0] == "ada"}, {k: v[1] for k, v in by_grade.items() if k[0] == "ada"},
                         "the reference earns every point")
        self.assertEqual(sum(v[0] for k, v in by_grade.items() if k[0] == "bob"), 0, "an untouched student version earns nothing")
        self.assertEqual(sum(v[0] for k, v in by_grade.items() if k[0] == "hal"), 2, "a look around costs nothing")
        self.assertEqual(sum(v[0] for k, v in by_grade.items() if k[0] == "jay"), 0)
        self.assertRegex(" ".join(messages.values()), f"ran longer than {CELL_LIMIT} s and was stopped", "the loop's check says why")
        for student in ("cy", "dee", "eve", "fay", "ivy"):
            self.assertEqual(sum(v[0] for k, v in by_grade.items() if k[0] == student), 1, f"{student}: one exercise")

    def test_autograde_fails_only_for_the_file_that_is_no_notebook(self):
        said = self.autograded.stdout + self.autograded.stderr
        self.assertEqual(set(re.findall(r"for student '([^']+)'", said)), {"jay"}, said[-3000:])

    def test_both_graders_give_a_cell_the_same_time(self):
        config = (ROOT / "environment" / "nbgrader" / "nbgrader_config.py").read_text()
        self.assertIn(f"c.Execute.timeout = {grade.CELL_LIMIT}\n", config)
        self.assertIn(f"c.Execute.startup_timeout = {KERNEL_START_LIMIT}\n", config)

    def test_autograde_runs_each_submission_in_the_grading_sandbox(self):
        graded = nbformat.read(self.course / "autograded" / "hal" / "ps01" / self.lesson.name, as_version=4)
        said = "".join(o.get("text", "") for o in graded.cells[-1].get("outputs", []))
        self.assertEqual(said.count(PEEK), 2, said)
        self.assertEqual(said.count(": refused"), 2, f"a submission read the grader's files: {said}")

    def test_each_student_gets_feedback_with_their_own_score(self):
        self.assertFalse((self.course / "feedback" / "jay").exists(), "feedback for a file that is no notebook")
        for student in set(self.submissions) - {"jay"}:
            feedback = list((self.course / "feedback" / student / "ps01").glob("*.html"))
            self.assertEqual(len(feedback), 1, student)
            self.assertIn("Score:", feedback[0].read_text())


# nbgrader's Execute as the course configures it, on a one-cell notebook, with a kernel whose JVM is
# given an option it does not know, on its first start (then on every start): it dies before it answers
A_KERNEL_THAT_DIES = """
import logging, sys, tempfile
import nbformat
from traitlets.config import Config
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
path = sys.argv[1]
ns = {"get_config": Config, "__file__": path}
exec(compile(open(path).read(), path, "exec"), ns)
real = ns["sandboxed_manager"]()
starts = []
class Dying(real):
    def java_command(self):
        starts.append(1)
        java = super().java_command()
        return java[:1] + ["-XX:+NoSuchOptionOfTheCourse"] + java[1:] if len(starts) in dying else java
ns["sandboxed_manager"] = lambda: Dying
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('System.out.println(6 * 7);')])
for dying in ({1}, {1, 2}):
    starts.clear()
    try:
        ran, _ = ns["SandboxedExecute"](kernel_name="java").preprocess(nb, {"metadata": {"path": tempfile.gettempdir()}})
        print("RAN", len(starts), ran.cells[0].outputs[0]["text"].strip())
    except RuntimeError as e:
        print("FAILED", len(starts), e)
"""


@unittest.skipIf((WHY_NOT or sandbox.problem()) and not REQUIRED, WHY_NOT or "no grading sandbox here")
class AKernelThatDiesAtItsStart(unittest.TestCase):

    def test_is_started_once_more_and_what_it_said_is_told(self):
        done = subprocess.run([NBGRADER_PYTHON, "-c", A_KERNEL_THAT_DIES, str(ROOT / "environment" / "nbgrader" / "nbgrader_config.py")],
                              capture_output=True, text=True, timeout=600, cwd=tempfile.gettempdir())
        said = done.stdout + done.stderr
        self.assertEqual(done.returncode, 0, said[-3000:])
        self.assertIn("RAN 2 42", done.stdout, "a kernel that died at its first start was not started again: " + said[-3000:])
        self.assertRegex(said, r"died before it answered \(it said: [^)]*NoSuchOptionOfTheCourse[^)]*\); starting it once more")
        failed = re.search(r"FAILED (\d+) (.*)", done.stdout)
        self.assertIsNotNone(failed, said[-3000:])
        self.assertEqual(failed.group(1), "2", "a kernel that always dies is started twice, not more")
        self.assertRegex(failed.group(2), r"died before replying to kernel_info twice \(it said: .*NoSuchOptionOfTheCourse")


if __name__ == "__main__":
    unittest.main()
