"""The exercises of every notebook: nbgrader metadata as nbgrader expects it; a student copy
holds no solution text and runs top to bottom with only the exercise checks failing, each saying
the exercise is not done yet; with the solutions in place every check passes."""
import unittest

import nbformat

import notebook_runs
from backprop_course import notebooks
from backprop_course.learner import exercises
from test_support import JDKS


def exercise_notebooks():
    return [p for p in notebooks.course_notebooks()
            if any(exercises.is_solution(c) for c in nbformat.read(p, as_version=4).cells)]


class ExerciseFormat(unittest.TestCase):

    def test_metadata_follows_nbgrader_schema_3(self):
        for path in notebooks.course_notebooks():
            with self.subTest(notebook=path.name):
                nb = nbformat.read(path, as_version=4)
                self.assertEqual(exercises.problems(nb, path.name), [])

    def test_every_lesson_has_at_least_two_exercises(self):
        for path in notebooks.course_notebooks():
            if path.name.startswith("00-"):
                continue
            nb = nbformat.read(path, as_version=4)
            with self.subTest(notebook=path.name):
                self.assertGreaterEqual(sum(exercises.is_solution(c) for c in nb.cells), 2)
                self.assertGreaterEqual(sum(exercises.is_check(c) for c in nb.cells), 2)

    def test_problems_are_found(self):
        nb = nbformat.read(exercise_notebooks()[0], as_version=4)
        solution = next(c for c in nb.cells if exercises.is_solution(c))
        solution.source = solution.source.replace(exercises.END, "// the end")
        solution.metadata.pop("course")
        check = next(c for c in nb.cells if exercises.is_check(c))
        check.metadata.nbgrader.pop("points")
        check.metadata.nbgrader["grade_id"] = solution.metadata.nbgrader["grade_id"]
        found = "\n".join(exercises.problems(nb))
        self.assertIn("END SOLUTION", found)
        self.assertIn("needs points", found)
        self.assertIn("used again", found)
        self.assertIn("needs a ladder of hints", found)


class StudentCopies(unittest.TestCase):
    major = JDKS[0][0]

    def test_a_classroom_lesson_keeps_the_hints_and_no_answer_and_makes_the_same_workspace(self):
        """A classroom's students make their workspaces from copies that keep the hints: the copy they
        get from one is the copy they would get from the reference notebook, answers nowhere in it."""
        for path in exercise_notebooks():
            with self.subTest(notebook=path.name):
                original = nbformat.read(path, as_version=4)
                lesson = exercises.student_copy(original, keep_hints=True)
                self.assertEqual([exercises.hints(c) for c in lesson.cells if exercises.is_solution(c)],
                                 [exercises.hints(c) for c in original.cells if exercises.is_solution(c)])
                for cell in lesson.cells:
                    if exercises.is_solution(cell):
                        lines, begin, end = exercises.solution_region(cell)
                        self.assertTrue(exercises.is_stub("\n".join(lines[begin + 1:end]), cell.metadata.nbgrader.grade_id),
                                        cell.source)
                self.assertEqual(exercises.student_copy(lesson), exercises.student_copy(original))

    def test_a_student_copy_has_no_solution_and_only_its_checks_fail(self):
        for path in exercise_notebooks():
            with self.subTest(notebook=path.name):
                original = nbformat.read(path, as_version=4)
                student = exercises.student_copy(original)
                for before, after in zip(original.cells, student.cells):
                    if exercises.is_solution(before):
                        lines, begin, end = exercises.solution_region(before)
                        for line in lines[begin + 1:end]:
                            if line.strip():
                                self.assertNotIn(line, after.source.splitlines(), "solution text left in the copy")
                ran = notebook_runs.student_copy(path, self.major)
                for index, cell in enumerate(ran.cells):
                    if cell.cell_type != "code":
                        continue
                    errors = [o for o in cell.outputs if o.output_type == "error"]
                    where = f"cell {index + 1}"
                    if exercises.is_check(cell):
                        self.assertEqual(len(errors), 1, f"{where}: the check should fail in a student copy")
                        self.assertIn("not done yet", errors[0].evalue, where)
                    elif "raises-exception" not in cell.metadata.get("tags", []):
                        self.assertEqual(errors, [], f"{where} fails in the student copy: "
                                         + "; ".join(f"{e.ename}: {e.evalue}" for e in errors))

    def test_with_the_solutions_every_check_passes(self):
        for path in exercise_notebooks():
            nb = nbformat.read(path, as_version=4)
            for index, cell in enumerate(nb.cells):
                if exercises.is_check(cell):
                    text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
                    self.assertIn("correct", text, f"{path.name}, cell {index + 1}: stored check did not pass")
                    self.assertFalse(any(o.output_type == "error" for o in cell.outputs))


if __name__ == "__main__":
    unittest.main()
