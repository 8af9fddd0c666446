"""The instructors' commands on the real notebooks: student copies, and grading of originals,
student copies and doctored submissions. Neither command changes notebooks/ or a submission."""
import csv
import hashlib
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat

import notebook_runs
from backprop_course import notebooks
from backprop_course.grading import grade
from backprop_course.learner import exercises
from test_support import JDKS, kernel_name

TOOL = [sys.executable, "-I", "-m", "backprop_course.grading.grade"]   # environment/grade's command


def fingerprint(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).glob("*.ipynb"))}


def run_tool(*args):
    return subprocess.run([*TOOL, *map(str, args)], capture_output=True, text=True)


class StudentCopiesCommand(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="student-copies-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.before = fingerprint(notebooks.NOTEBOOKS)

    def tearDown(self):
        self.assertEqual(fingerprint(notebooks.NOTEBOOKS), self.before, "notebooks/ was changed")

    def test_writes_a_copy_of_every_notebook_without_solutions(self):
        out = self.tmp / "class"
        result = run_tool("student-copies", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        originals = notebooks.course_notebooks()
        self.assertEqual(sorted(p.name for p in out.glob("*.ipynb")), [p.name for p in originals])
        for original in originals:
            nb = nbformat.read(original, as_version=4)
            copy = nbformat.read(out / original.name, as_version=4)
            for before, after in zip(nb.cells, copy.cells):
                if exercises.is_solution(before):
                    self.assertIn("your code goes here", after.source)
                    lines, begin, end = exercises.solution_region(before)
                    for line in lines[begin + 1:end]:
                        if len(line.strip()) > 3 and any(ch.isalnum() for ch in line):
                            self.assertNotIn(line.strip(), after.source, f"{original.name}: solution text in the copy")
                    self.assertEqual(after.outputs, [])
                elif exercises.is_check(before):
                    self.assertEqual(after.outputs, [])
                    self.assertEqual(after.source, before.source)
                else:
                    self.assertEqual(after, before, f"{original.name}: a cell that is not an exercise changed")

    def test_never_overwrites_without_force(self):
        out = self.tmp / "class"
        self.assertEqual(run_tool("student-copies", out).returncode, 0)
        target = out / notebooks.course_notebooks()[0].name
        target.write_text("the instructor's own edits")
        again = run_tool("student-copies", out)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("--force", again.stderr)
        self.assertEqual(target.read_text(), "the instructor's own edits")
        self.assertEqual(run_tool("student-copies", out, "--force").returncode, 0)
        self.assertNotEqual(target.read_text(), "the instructor's own edits")

    def test_refuses_to_write_into_notebooks(self):
        result = run_tool("student-copies", notebooks.NOTEBOOKS)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("inside notebooks/", result.stderr)


class Grading(unittest.TestCase):
    kernel = kernel_name(JDKS[0][0])

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="grading-"))
        cls.originals = notebooks.course_notebooks()
        cls.lesson = next(p for p in cls.originals if p.name.startswith("01-"))
        cls.other = next(p for p in cls.originals if p.name.startswith("02-"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def submit(self, student, nb_or_text, name=None):
        folder = self.tmp / student
        folder.mkdir(exist_ok=True)
        path = folder / (name or self.lesson.name)
        if isinstance(nb_or_text, str):
            path.write_text(nb_or_text)
        else:
            nbformat.write(nb_or_text, path)
        return path

    def grade(self, path, time_limit=300, shared=False):
        before = path.read_bytes()
        run = notebook_runs.runner(JDKS[0][0]) if shared else None
        result = grade.grade_one(path, self.originals, self.kernel, time_limit, run)
        self.assertEqual(path.read_bytes(), before, "the submission was changed")
        return result

    def test_originals_get_full_points_and_student_copies_none(self):
        before = fingerprint(notebooks.NOTEBOOKS)
        for original in self.originals:
            if original.name.startswith("00-"):
                continue
            with self.subTest(notebook=original.name):
                # the runs of the originals and of the student copies are the notebook and exercise tests' own
                full = self.grade(self.submit("teacher", nbformat.read(original, as_version=4), original.name), shared=True)
                self.assertEqual(full.status, "graded")
                self.assertGreater(full.possible, 0)
                self.assertEqual(full.earned, full.possible, grade.report([full]))
                empty = self.grade(self.submit("student", exercises.student_copy(
                    nbformat.read(original, as_version=4)), original.name), shared=True)
                self.assertEqual(empty.status, "graded")
                self.assertEqual(empty.earned, 0, grade.report([empty]))
                for exercise in empty.exercises:
                    self.assertIn("not done yet", exercise.message)
        self.assertEqual(fingerprint(notebooks.NOTEBOOKS), before)

    def test_an_edited_check_is_put_back_and_a_deleted_one_earns_nothing(self):
        """As nbgrader does: the instructor's check runs where the student's edited copy was (the report
        says so), so an edit neither earns nor costs a point; a deleted check has no cell to run in."""
        nb = exercises.student_copy(nbformat.read(self.lesson, as_version=4))
        solved = nbformat.read(self.lesson, as_version=4)
        # exercise 1 solved honestly, its check edited too; exercise 2 not solved but its check edited
        for i, cell in enumerate(nb.cells):
            if exercises.is_solution(cell) and cell.metadata.nbgrader.grade_id == "ex1-cost-solution":
                nb.cells[i] = solved.cells[i]
        checks = [c for c in nb.cells if exercises.is_check(c)]
        checks[0].source = "// looks fine to me"
        checks[1].source = 'System.out.println("✓ Exercise 2: correct.");'
        result = self.grade(self.submit("mallory", nb))
        by_id = {e.grade_id: e for e in result.exercises}
        self.assertEqual(by_id["ex1-cost-check"].earned, by_id["ex1-cost-check"].points)
        self.assertEqual(by_id["ex1-cost-check"].message, "check cell edited: the instructor's check ran instead")
        self.assertEqual(by_id["ex2-campusx-check"].earned, 0)
        self.assertIn("check cell edited: the instructor's check ran instead: Exercise 2", by_id["ex2-campusx-check"].message)

        nb.cells.remove(checks[0])
        result = self.grade(self.submit("mallory2", nb))
        by_id = {e.grade_id: e for e in result.exercises}
        self.assertEqual(by_id["ex1-cost-check"].earned, 0)
        self.assertIn("check cell deleted", by_id["ex1-cost-check"].message)

    def test_a_corrupt_file_is_reported_and_grading_goes_on(self):
        corrupt = self.submit("trudy", '{"cells": [ {"cell_type": "code", ')
        good = self.submit("alice", nbformat.read(self.lesson, as_version=4))
        results = [self.grade(corrupt), self.grade(good, shared=True)]
        self.assertIn("not a readable notebook", results[0].status)
        self.assertEqual(results[0].earned, 0)
        self.assertEqual(results[1].earned, results[1].possible)

    def test_an_endless_loop_times_out(self):
        nb = nbformat.read(self.lesson, as_version=4)
        first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(first_code, nbformat.v4.new_code_cell("long spins = 0;\nwhile (true) { spins++; }"))
        result = self.grade(self.submit("loopy", nb), time_limit=10)
        self.assertIn(f"timed out after 10 s in cell {first_code + 1} ", result.status)
        self.assertEqual(result.earned, 0)
        self.assertTrue(all(e.message == "check did not run" for e in result.exercises), result.exercises)

    def test_points_earned_before_a_loop_at_the_end_are_kept(self):
        """As in nbgrader, a check's points come from its own cell: a learner's endless loop after
        the checks costs them nothing they earned, and the report says where the run stopped."""
        nb = nbformat.read(self.lesson, as_version=4)
        # an endless loop deaf to interrupts, as a busy one is, yet idle (test_an_endless_loop_times_out's spins)
        nb.cells.append(nbformat.v4.new_code_cell(
            "while (true) { try { Thread.sleep(1_000); } catch (InterruptedException deaf) { } }"))
        result = self.grade(self.submit("late-loop", nb), time_limit=30)
        self.assertIn(f"timed out after 30 s in cell {len(nb.cells)} ", result.status)
        self.assertIn("the checks that ran before it count", result.status)
        self.assertGreater(result.possible, 0)
        self.assertEqual(result.earned, result.possible, result.exercises)

    def test_a_notebook_made_from_another_lesson_is_reported(self):
        result = self.grade(self.submit("confused", nbformat.read(self.other, as_version=4)))
        self.assertIn("made from another notebook", result.status)
        self.assertIn(self.other.name, result.status)

    def test_the_command_prints_a_table_and_writes_csv(self):
        folder = self.tmp / "cli"
        folder.mkdir()
        nbformat.write(nbformat.read(self.lesson, as_version=4), folder / self.lesson.name.replace(".ipynb", "-bob.ipynb"))
        (folder / "notes.ipynb").write_text("not json")
        grades = self.tmp / "grades.csv"
        result = run_tool("grade", folder, "--csv", grades, "--kernel", self.kernel)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("bob", result.stdout)
        self.assertIn("not a course notebook", result.stdout)
        rows = list(csv.DictReader(grades.open(encoding="utf-8")))
        bob = [r for r in rows if r["student"] == "bob"]
        self.assertEqual({r["exercise"] for r in bob}, {"ex1-cost-check", "ex2-campusx-check"})
        self.assertTrue(all(r["points"] == r["max_points"] for r in bob))
        again = run_tool("grade", folder, "--csv", grades, "--kernel", self.kernel)
        self.assertNotEqual(again.returncode, 0, "an existing CSV is not replaced without --force")


if __name__ == "__main__":
    unittest.main()
