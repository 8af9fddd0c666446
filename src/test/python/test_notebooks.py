"""Every notebook in notebooks/, run top to bottom in real Jupyter (nbclient) with the course's
kernel on each test JDK; its fresh outputs must match the stored ones (notebooks.compare
documents what is compared and how)."""
import unittest

import nbformat

import notebook_runs
from backprop_course import notebooks
from test_support import ROOT, per_jdk

# IJava's magics that add libraries to the session
DEPENDENCY_MAGICS = ("%maven", "%mavenRepo", "%addMavenRepo", "%loadFromPOM", "%%loadFromPOM")


class NotebookRuns:
    major = None

    def test_notebooks_match_their_stored_outputs(self):
        lessons = notebooks.course_notebooks()
        self.assertTrue(lessons, "no notebooks found in notebooks/")
        for path in lessons:
            with self.subTest(notebook=path.name):
                stored = nbformat.read(path, as_version=4)
                fresh = notebook_runs.lesson(path, self.major)
                problems = notebooks.compare(stored, fresh, str(path.relative_to(ROOT)))
                self.assertEqual(problems, [], "\n" + "\n".join(problems))


class LessonsCopiedElsewhere(unittest.TestCase):

    def test_a_lesson_copied_out_of_the_course_still_finds_the_course_library(self):
        """A grader's folder (nbgrader's autograded/<student>/<assignment>/, say) holds a lesson whose
        %classpath ../target/backprop-course.jar names nothing there: the kernel finds the library from
        the course's notebooks/, and the lesson runs as it does in place."""
        import tempfile
        from pathlib import Path
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "autograded" / "ada" / "ps1"
            folder.mkdir(parents=True)
            (Path(tmp) / ".course-root").write_text(f"{ROOT}\n")   # which clone's kernel, as a workspace says
            self.assertFalse((folder / ".." / "target" / "backprop-course.jar").exists())
            path = notebooks.course_notebooks()[1]
            stored = nbformat.read(path, as_version=4)
            fresh = notebooks.execute_notebook(stored, folder, timeout=120)
            problems = notebooks.compare(stored, fresh, path.name)
            self.assertEqual(problems, [], "\n" + "\n".join(problems))


class StoredNotebooks(unittest.TestCase):
    """What a reader sees without running anything."""

    def test_every_code_cell_is_stored_run_and_clean(self):
        for path in notebooks.course_notebooks():
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            self.assertEqual(nb.metadata.kernelspec.name, "java", path.name)
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                where = f"{path.name}, cell {index + 1}"
                self.assertIsNotNone(cell.execution_count, f"{where} was stored without being run")
                shows_error = "raises-exception" in cell.metadata.get("tags", [])
                for output in cell.outputs:
                    text = str(output)
                    self.assertNotRegex(text, r"/(root|tmp|work|home)/", f"{where}: an absolute path in an output")
                    if output.output_type == "error":
                        self.assertTrue(shows_error, f"{where}: an error output without the raises-exception tag")
                    if output.output_type == "stream":
                        self.assertEqual(output.name, "stdout", f"{where}: text on stderr")
                    if "image/png" in output.get("data", {}):
                        text = notebooks.multiline_text(output.data.get("text/plain", ""))
                        if text.startswith("Graph of"):
                            self.assertDrawnAtItsSize(where, output, "graph",
                                                      r"^Graph of .+: \d+ Values \(.+\), each with its data and grad")
                        elif text.startswith('Picture "'):
                            self.assertDrawnAtItsSize(where, output, "picture", r'^Picture ".+": .{20,}')
                        else:
                            self.assertChartReads(where, output)

    def assertChartReads(self, where, output):
        """A chart is drawn at twice its display size, shown at the course's width, and its text
        fallback says what it shows (the same on every run, so a saved notebook leaves no diff)."""
        width = output.metadata.get("image/png", {}).get("width")
        self.assertEqual(width, 640, f"{where}: a chart without the course's display width")
        problem, size = notebooks._image("image/png", output.data["image/png"])
        self.assertIsNone(problem, where)
        self.assertEqual(size, (2 * width, 2 * 400), f"{where}: a chart not drawn at twice its display size")
        text = notebooks.multiline_text(output.data.get("text/plain", ""))
        self.assertRegex(text, r'^(Bar c|C)hart ".+": .+ axis|against', f"{where}: a chart's text does not say what it shows")
        self.assertNotRegex(text, r"@[0-9a-f]{5,8}\b", f"{where}: an object hash in a chart's text")

    def assertDrawnAtItsSize(self, where, output, kind, says):
        """A graph of Values (lesson 06, by Graphviz) or a picture drawn point by point (lesson 08's digits
        and confusion matrix) is drawn at twice its display size and shown at that size, never shrunk, so
        its text reads at its point size: at most 900 px wide (the page), and its text (`says`, a pattern)
        says what it shows."""
        width = output.metadata.get("image/png", {}).get("width")
        problem, size = notebooks._image("image/png", output.data["image/png"])
        self.assertIsNone(problem, where)
        self.assertEqual(width, size[0] // 2, f"{where}: a {kind} shown at {width} px of the {size[0] // 2} px its text needs")
        self.assertLessEqual(width, 900, f"{where}: a {kind} wider than the page")
        text = notebooks.multiline_text(output.data.get("text/plain", ""))
        self.assertRegex(text, says, f"{where}: a {kind}'s text does not say what it shows")
        self.assertNotRegex(text, r"@[0-9a-f]{5,8}\b", f"{where}: an object hash in a {kind}'s text")

    def test_a_cell_that_adds_a_maven_library_holds_nothing_else(self):
        """Under IJava 1.3.0 and JJava, a cell that runs %maven and then code using the library
        leaves every earlier variable null; in a cell of its own, %maven works there too."""
        for path in notebooks.course_notebooks():
            nb = nbformat.read(path, as_version=4)
            for index, cell in enumerate(nb.cells):
                lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
                if cell.cell_type == "code" and any(line.startswith(DEPENDENCY_MAGICS) for line in lines):
                    self.assertTrue(all(line.startswith("%") for line in lines),
                                    f"{path.name}, cell {index + 1}: %maven (or its kin) shares its cell with code")

    def test_no_stored_output_shows_an_object_hash(self):
        for path in notebooks.course_notebooks():
            self.assertNotRegex(path.read_text(encoding="utf-8"), r"\b[A-Z][A-Za-z]+@[0-9a-f]{6,8}\b", path.name)


def png(width, height, cut=0):
    """A white PNG of width × height, written by hand (the PNG specification's chunks), base64; cut:
    how many of its last bytes to leave out."""
    import base64
    import struct
    import zlib
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\xff\xff\xff" * width for _ in range(height))
    whole = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
             + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return base64.b64encode(whole[:len(whole) - cut]).decode()


class CompareCatchesChanges(unittest.TestCase):

    def test_an_image_cut_short_is_reported(self):
        """jjava's image renderer left out a PNG's last one or two bytes (its checksum's end): browsers
        drew it, other readers refused it."""
        self.assertEqual(notebooks._image("image/png", png(4, 3)), (None, (4, 3)))
        for cut in (1, 2):
            problem, _ = notebooks._image("image/png", png(4, 3, cut))
            self.assertEqual(problem, f"image/png is cut short: its last chunk lacks {cut} of its bytes")
        stored = {"output_type": "display_data", "data": {"image/png": png(4, 3)}, "metadata": {}}
        fresh = {"output_type": "display_data", "data": {"image/png": png(4, 3, 2)}, "metadata": {}}
        self.assertIn("cut short", notebooks.compare_outputs(stored, fresh))

    def test_an_image_of_another_size_is_reported(self):
        stored = {"output_type": "display_data", "data": {"image/png": png(4, 3)}, "metadata": {}}
        self.assertIsNone(notebooks.compare_outputs(stored, dict(stored)))
        other = {"output_type": "display_data", "data": {"image/png": png(5, 3)}, "metadata": {}}
        self.assertIn("5×3 now, 4×3 stored", notebooks.compare_outputs(stored, other))
    """The comparison itself fails when a stored output is edited by hand."""

    def test_an_edited_output_is_reported_with_cell_and_line(self):
        path = notebooks.course_notebooks()[0]
        stored = nbformat.read(path, as_version=4)
        edited = nbformat.read(path, as_version=4)
        cell = next(c for c in edited.cells if c.cell_type == "code" and any(
            o.output_type in ("stream", "execute_result") for o in c.outputs))
        output = next(o for o in cell.outputs if o.output_type in ("stream", "execute_result"))
        if output.output_type == "stream":
            output.text = "edited by hand\n" + output.text
        else:
            output.data["text/plain"] = "edited by hand"
        problems = notebooks.compare(edited, stored, path.name)
        self.assertEqual(len(problems), 1)
        self.assertIn(f"cell {edited.cells.index(cell) + 1}", problems[0])
        self.assertIn("line 1", problems[0])

    def test_a_removed_image_is_reported(self):
        path = notebooks.course_notebooks()[0]
        stored = nbformat.read(path, as_version=4)
        edited = nbformat.read(path, as_version=4)
        with_image = [c for c in edited.cells if c.cell_type == "code"
                      and any("image/png" in o.get("data", {}) for o in c.outputs)]
        self.assertTrue(with_image, "the notebook shows no image")
        for o in with_image[0].outputs:
            o.get("data", {}).pop("image/png", None)
        self.assertEqual(len(notebooks.compare(stored, edited, path.name)), 1)


per_jdk(globals(), NotebookRuns)

if __name__ == "__main__":
    unittest.main()
