"""The learner's workspace (learner/workspace.py): made from the student copies on first start, never
overwritten, lessons brought up to date with the learner's solutions carried over, and clear
messages for a folder that is not a workspace or a notebook that is not valid JSON."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import nbformat

from backprop_course import notebooks
from backprop_course.learner import exercises, hints, progress, workspace
from test_support import JDKS, ROOT, kernel_name


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


class Workspace(unittest.TestCase):

    def setUp(self):
        # inside the course's folder, as workspace/ is: its own .gitignore must keep git status clean
        self.ws = ROOT / f".test-workspace-{os.getpid()}"
        self.addCleanup(shutil.rmtree, self.ws, True)
        self.tmp = Path(tempfile.mkdtemp(prefix="course-originals-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.originals = notebooks.course_notebooks()

    def newer(self, name):
        """The originals, with lesson `name` changed as a new version of the course would change it."""
        copies = []
        for original in self.originals:
            copy = self.tmp / original.name
            shutil.copy(original, copy)
            copies.append(copy)
        changed = self.tmp / name
        nb = nbformat.read(changed, as_version=4)
        nb.cells[0].source += "\n\nA sentence added in a newer version."
        nbformat.write(nb, changed)
        return copies

    def test_the_first_start_makes_the_workspace_with_stubs_and_git_stays_clean(self):
        said = workspace.prepare(self.ws, self.originals)
        self.assertIn("made your workspace", said[0])
        for original in self.originals:
            mine = nbformat.read(self.ws / original.name, as_version=4)
            reference = nbformat.read(original, as_version=4)
            self.assertEqual(len(mine.cells), len(reference.cells))
            for theirs, ours in zip(reference.cells, mine.cells):
                if exercises.is_solution(theirs):
                    self.assertIn("your code goes here", ours.source, f"{original.name}: an exercise left solved")
                elif theirs.cell_type == "markdown":
                    self.assertEqual(ours.source, theirs.source)
        status = subprocess.run(["git", "status", "--porcelain", "--ignored=no"], cwd=ROOT, capture_output=True, text=True)
        self.assertNotIn(self.ws.name, status.stdout)

    def test_a_second_start_changes_nothing_and_says_nothing(self):
        workspace.prepare(self.ws, self.originals)
        before = snapshot(self.ws)
        self.assertEqual(workspace.prepare(self.ws, self.originals), [])
        self.assertEqual(snapshot(self.ws), before)

    def test_a_lost_or_broken_record_is_said_and_made_again_keeping_the_notebooks(self):
        workspace.prepare(self.ws, self.originals)
        (self.ws / workspace.RECORD).write_text("{ not json")
        with self.assertRaises(workspace.WorkspaceError) as e:
            workspace.prepare(self.ws, self.originals)
        self.assertIn("Delete it and start again", str(e.exception))
        (self.ws / workspace.RECORD).unlink()
        notebooks = {p: p.read_bytes() for p in self.ws.glob("*.ipynb")}
        said = workspace.prepare(self.ws, self.originals)
        self.assertIn("made it again", said[0])
        self.assertEqual({p: p.read_bytes() for p in self.ws.glob("*.ipynb")}, notebooks)
        self.assertEqual(workspace.prepare(self.ws, self.originals), [])

    def test_the_record_is_hidden_from_the_file_browser_and_an_old_one_is_moved_there(self):
        """Jupyter's file browser hides dot files: the workspace it shows holds the lessons only. A
        workspace made before, with its record as workspace.json, keeps its versions: the record moves."""
        workspace.prepare(self.ws, self.originals)
        self.assertTrue(workspace.RECORD.startswith("."))
        self.assertEqual(sorted(p.name for p in self.ws.iterdir() if not p.name.startswith(".")),
                         sorted(o.name for o in self.originals))
        record = (self.ws / workspace.RECORD).read_bytes()
        (self.ws / workspace.RECORD).rename(self.ws / "workspace.json")
        self.assertEqual(workspace.prepare(self.ws, self.originals), [], "the old record is taken as it is")
        self.assertFalse((self.ws / "workspace.json").exists())
        self.assertEqual((self.ws / workspace.RECORD).read_bytes(), record)

    def test_the_course_library_is_found_from_anywhere(self):
        elsewhere = self.tmp / "my work"
        workspace.prepare(elsewhere, self.originals)
        first = next(c for c in nbformat.read(elsewhere / self.originals[1].name, as_version=4).cells if c.cell_type == "code")
        line = next(text for text in first.source.splitlines() if text.startswith("%classpath"))
        self.assertEqual((elsewhere / line.split(" ", 1)[1]).resolve(), (ROOT / "target" / "backprop-course.jar").resolve())
        self.assertEqual((elsewhere / ".course-root").read_text().strip(), str(ROOT))

    def test_a_solved_exercise_survives_bringing_its_lesson_up_to_date(self):
        workspace.prepare(self.ws, self.originals)
        lesson = self.ws / self.originals[1].name
        nb = nbformat.read(lesson, as_version=4)
        exercise = next(c for c in nb.cells if exercises.is_solution(c))
        lines, begin, end = exercises.solution_region(exercise)
        exercise.source = "\n".join(lines[:begin + 1] + ["    return 42.0; // my own answer"] + lines[end:])
        nbformat.write(nb, lesson)
        mine = lesson.read_bytes()

        newer = self.newer(lesson.name)
        said = workspace.prepare(self.ws, newer)
        self.assertTrue(any(lesson.name in line and "newer version" in line for line in said), said)
        self.assertEqual(lesson.read_bytes(), mine, "start never overwrites")

        said = workspace.update(lesson.name[:2], self.ws, newer)
        updated = nbformat.read(lesson, as_version=4)
        self.assertIn("A sentence added in a newer version.", updated.cells[0].source)
        self.assertIn("    return 42.0; // my own answer", "\n".join(c.source for c in updated.cells))
        backups = list(self.ws.glob(f"{lesson.stem}.backup-*.ipynb"))
        self.assertEqual(len(backups), 1)
        self.assertEqual(backups[0].read_bytes(), mine)
        self.assertIn("1 exercise(s) was carried over", said[-1])
        self.assertEqual(workspace.prepare(self.ws, newer), [], "up to date now")

    def test_an_invalid_notebook_is_reported_and_the_rest_are_listed(self):
        workspace.prepare(self.ws, self.originals)
        broken = self.ws / self.originals[2].name
        broken.write_text('{"cells": [ {"cell_type": "code", ')
        newer = self.newer(self.originals[3].name)
        said = workspace.prepare(self.ws, newer)
        self.assertTrue(any(broken.name in line and "not a readable notebook" in line for line in said), said)
        self.assertTrue(any(self.originals[3].name in line for line in said), said)
        self.assertEqual(broken.read_text(), '{"cells": [ {"cell_type": "code", ', "left as it is")
        with self.assertRaises(workspace.WorkspaceError) as e:
            workspace.update(broken.name[:2], self.ws, newer)
        self.assertIn("not a readable notebook", str(e.exception))
        self.assertEqual(broken.read_text(), '{"cells": [ {"cell_type": "code", ')

    def test_a_folder_that_is_not_a_workspace_is_left_alone(self):
        folder = self.tmp / "someone's files"
        folder.mkdir()
        (folder / "notes.txt").write_text("mine")
        with self.assertRaises(workspace.WorkspaceError) as e:
            workspace.prepare(folder, self.originals)
        self.assertIn("not a course workspace", str(e.exception))
        self.assertEqual(snapshot(folder), {Path("notes.txt"): b"mine"})
        with self.assertRaises(workspace.WorkspaceError):
            workspace.prepare(notebooks.NOTEBOOKS, self.originals)


    def test_the_update_command_says_what_is_wrong(self):
        workspace.prepare(self.ws, self.originals)
        run = subprocess.run([str(ROOT / "environment" / "update-lesson"), "99", "--workspace", str(self.ws)],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 1)
        self.assertIn("no single lesson is called '99'", run.stderr)
        run = subprocess.run([str(ROOT / "environment" / "update-lesson"), "01", "--workspace", str(self.ws)],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("is up to date", run.stdout)


    def test_hints_and_answers_are_shown_only_when_asked_for(self):
        workspace.prepare(self.ws, self.originals)
        for original in self.originals[1:]:
            short = original.name[:2]
            _, found = hints.lesson_exercises(short, self.originals)
            self.assertGreaterEqual(len(found), 2, original.name)
            self.assertEqual(hints.hint(short, originals=self.originals),
                             [f"{original.stem} has exercises 1 to {len(found)}: environment/hint {short} 1 gives "
                              "exercise 1's first hint"], "one exercise at a time")
            workspace_text = (self.ws / original.name).read_text(encoding="utf-8")
            mine = nbformat.read(self.ws / original.name, as_version=4)
            for number, gid, steps, code in found:
                where = f"{original.name}, exercise {number}"
                self.assertGreaterEqual(len(steps), 2, f"{where}: a ladder of hints")
                for step, text in enumerate(steps, 1):
                    self.assertGreater(len(text), 30, f"{where}: no real hint")
                    self.assertNotIn(text, workspace_text, "a hint is in the workspace before it is asked for")
                    for line in code.splitlines():   # a hint says what to write, never the answer's lines themselves
                        if len(line.strip()) >= 25:
                            self.assertNotIn(line.strip(), text, f"{where}, hint {step} holds the answer's line")
                    said = hints.hint(short, number, step, originals=self.originals)
                    self.assertEqual(said[0], f"{original.stem}, exercise {number}, hint {step} of {len(steps)}: {text}")
                    self.assertEqual(said[1], f"  stuck still? the next hint: environment/hint {short} {number} {step + 1}"
                                     if step < len(steps) else
                                     f"  that was the last hint; the reference answer: environment/hint {short} {number} --solution")
                self.assertEqual(hints.hint(short, number, originals=self.originals),
                                 hints.hint(short, number, 1, originals=self.originals), "the first hint first")
                with self.assertRaises(workspace.WorkspaceError):
                    hints.hint(short, number, len(steps) + 1, originals=self.originals)
                cell = next(c for c in mine.cells if exercises.is_solution(c) and c.metadata.nbgrader.grade_id == gid)
                lines, begin, end = exercises.solution_region(cell)
                region = "\n".join(lines[begin + 1:end])
                self.assertIn("your code goes here", region, f"{where}: no stub")
                self.assertNotIn(code.strip(), cell.source, f"{where}: the answer is in the workspace")
                answer = hints.hint(short, number, solution=True, originals=self.originals)
                self.assertEqual(answer, [f"{original.stem}, exercise {number}: the reference answer:\n{code}"],
                                 "that exercise's answer, and no other's")

    def test_the_lessons_the_course_writes_are_trusted_and_a_learners_edit_is_not(self):
        from nbformat.sign import NotebookNotary
        workspace.prepare(self.ws, self.originals)
        notary = NotebookNotary()
        for original in self.originals:
            self.assertTrue(notary.check_signature(nbformat.read(self.ws / original.name, as_version=4)), original.name)
        mine = nbformat.read(self.ws / self.originals[1].name, as_version=4)
        mine.cells.append(nbformat.v4.new_code_cell("int mine = 1;", outputs=[
            nbformat.v4.new_output("display_data", {"text/html": "<b>not the course's</b>"})]))
        self.assertFalse(notary.check_signature(mine), "an output the course did not write is not trusted")
        self.assertEqual(workspace.update("01", self.ws, self.originals)[-1][:41],
                         "01-cost-function-and-sum-rule.ipynb is up")
        self.assertTrue(notary.check_signature(nbformat.read(self.ws / self.originals[1].name, as_version=4)),
                        "a lesson brought up to date is trusted too")

    def test_a_lesson_is_named_by_its_number_with_or_without_its_zero_and_usage_names_the_command(self):
        self.assertEqual(hints.hint("3", 1, originals=self.originals),
                         hints.hint("03", 1, originals=self.originals))
        with self.assertRaises(workspace.WorkspaceError):
            workspace.lesson_notebook("30", self.originals)
        hint = ROOT / "environment" / "hint"
        done = subprocess.run([str(hint)], capture_output=True, text=True)
        self.assertEqual(done.returncode, 2)
        # argparse wraps its usage line to the terminal's width, so a long path breaks it
        self.assertIn(f"usage: {hint} [-h] [--solution] lesson [exercise] [step]", " ".join(done.stderr.split()))
        done = subprocess.run([str(hint), "3", "1"], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(done.stdout.startswith("03-bias-only-gradient-descent, exercise 1, hint 1 of 2: "), done.stdout)
        self.assertIn(f"the next hint: {hint} 03 1 2", done.stdout, "it names the command as the learner typed it")

    def test_progress_counts_a_half_done_workspace_lesson_by_lesson_in_terminal_words(self):
        workspace.prepare(self.ws, self.originals)
        lesson = self.originals[1]
        _, found = hints.lesson_exercises(lesson.name[:2], self.originals)
        mine = nbformat.read(self.ws / lesson.name, as_version=4)
        first = next(c for c in mine.cells if exercises.is_solution(c))
        lines, begin, end = exercises.solution_region(first)
        first.source = "\n".join(lines[:begin + 1] + found[0][3].splitlines() + lines[end:])   # exercise 1 solved
        nbformat.write(mine, self.ws / lesson.name)
        (self.ws / self.originals[2].name).unlink()   # a lesson the learner deleted
        said = progress.progress(self.ws, [lesson.name[:2], self.originals[2].name[:2]], kernel_name(JDKS[0][0]), self.originals)
        # a generator: each line is printed as it comes, the lesson's result as soon as it has run
        self.assertEqual(next(said), f"{lesson.stem}: running it in a fresh kernel …", "progress says it is working")
        self.assertEqual(next(said), f"{lesson.stem}: 1 of 2 exercises pass")
        self.assertEqual(next(said), "  ✓ Exercise 1 (the cost J)", "the exercise named as its check names it")
        second = next(said)
        self.assertEqual(second, "  ✗ Exercise 2 (CampusX's prediction): not done yet: your code goes between "
                                 "// BEGIN SOLUTION and // END SOLUTION in its cell")
        deleted = self.originals[2]
        self.assertEqual(list(said), [f"{deleted.stem}: not in your workspace (update-lesson {deleted.name[:2]} puts it there)"])
        # what it says to do does it (environment/start does not: it leaves a lesson the learner deleted alone)
        self.assertEqual(workspace.prepare(self.ws, self.originals), [])
        self.assertFalse((self.ws / self.originals[2].name).exists())
        said = workspace.update(deleted.name[:2], self.ws, self.originals)
        self.assertEqual(said, [f"{deleted.name} was not in your workspace: it is there now, with its exercises to do"])
        self.assertTrue((self.ws / deleted.name).exists())

    def test_progress_tells_a_lesson_the_course_has_changed_from_a_check_the_learner_edited(self):
        workspace.prepare(self.ws, self.originals)
        lesson = self.originals[1]
        _, found = hints.lesson_exercises(lesson.name[:2], self.originals)
        mine = workspace.lesson_copy(lesson, self.ws)   # the lesson as the workspace got it
        check = next(c for c in mine.cells if exercises.is_check(c))
        check.source += "\n// exercise 1's check with one more line"
        older = workspace.version(mine)   # an older version of the lesson, whose check read so
        first = next(c for c in mine.cells if exercises.is_solution(c))
        lines, begin, end = exercises.solution_region(first)
        first.source = "\n".join(lines[:begin + 1] + found[0][3].splitlines() + lines[end:])   # exercise 1 solved
        nbformat.write(mine, self.ws / lesson.name)
        said = list(progress.progress(self.ws, [lesson.name[:2]], kernel_name(JDKS[0][0]), self.originals))
        self.assertEqual(said[2], "  ✓ Exercise 1 (the cost J): check cell edited: the instructor's check ran instead",
                         "in the course's current lesson, the learner edited the check")
        record = json.loads((self.ws / workspace.RECORD).read_text())
        record["lessons"][lesson.name] = older   # the workspace made from the older version: nothing was edited
        (self.ws / workspace.RECORD).write_text(json.dumps(record))
        said = list(progress.progress(self.ws, [lesson.name[:2]], kernel_name(JDKS[0][0]), self.originals))
        self.assertEqual(said[2], "  ✓ Exercise 1 (the cost J): your copy's check differs from the course's, which has a "
                                  "newer version of this lesson; the course's check ran (update-lesson 01 brings your copy "
                                  "up to date, keeping your solutions)")

    def test_progress_says_the_notebooks_messages_in_terminal_words(self):
        said = progress.in_terminal_words("costJ did not compile when cell [21] last ran: fix that cell and run it again, "
                                          "then this one.")
        self.assertEqual(said, "costJ does not compile: run its cell in the notebook to see the compiler's message")
        for message in ("Exercise 1 (the cost J) is not done yet: write your code between // BEGIN SOLUTION and "
                        "// END SOLUTION in the exercise cell, run that cell, then this one.",
                        "costJ is not defined yet: run the cell that defines it first (or check the spelling).",
                        "check did not run"):
            said = progress.in_terminal_words(message)
            self.assertNotIn("this one", said)
            self.assertNotIn("that cell", said)
        self.assertEqual(progress.in_terminal_words("J should be 0.25, not 0.5"), "J should be 0.25, not 0.5")
        # the line starts with the exercise's title: the check's message does not say it twice
        self.assertEqual(progress.in_terminal_words("Exercise 1 (softmax): softmax of [1000, 1001, 1002] gives NaN",
                                                    "Exercise 1 (softmax)"), "softmax of [1000, 1001, 1002] gives NaN")
        self.assertEqual(progress.in_terminal_words("check cell edited: the instructor's check ran instead: Exercise 1 (softmax): "
                                                    "softmax of [1000, 1001, 1002] gives NaN", "Exercise 1 (softmax)"),
                         "check cell edited: the instructor's check ran instead: softmax of [1000, 1001, 1002] gives NaN")

    def test_progress_help_says_what_it_runs_and_how_long(self):
        done = subprocess.run([str(ROOT / "environment" / "progress"), "--help"], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        words = " ".join(done.stdout.split())
        self.assertIn("fresh kernel", words)
        self.assertIn("10 s a lesson", words)

if __name__ == "__main__":
    unittest.main()
