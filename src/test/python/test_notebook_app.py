"""The lessons where learners read them: environment/start's Jupyter Notebook 6 (the course's
notebook extension included, on a workspace of its own) in headless Chromium at 1400 px. Every lesson opens with its tables
laid out to read (no column wasting room while another wraps a word per line, no cell narrower
than its word), formulas whole, charts at their intended width, and opening it changes nothing
on disk. A full-page screenshot of each lesson is saved in target/notebook-screenshots/ (browser.FULL_PAGE_SCREENSHOTS)."""
import json
import shutil
import time
import unittest

import browser
from backprop_course.notebooks import course_notebooks
from browser import LAYOUT_PROBLEMS
from notebook_server import WIDGET_STATE, NotebookServer
from test_support import ROOT

SCREENSHOTS = ROOT / "target" / "notebook-screenshots"
WIDTH = 1400
# Every formula in the page drawn (MathJax 2 draws the formula of script MathJax-Element-N as
# MathJax-Element-N-Frame, measured once its fonts are in), and the course's notebook extension loaded.
ALL_FORMULAS_DRAWN = """
const scripts = [...document.querySelectorAll('script[type^="math/tex"]')];
const frames = scripts.map(s => document.getElementById(s.id + '-Frame'));
return scripts.length > 0 && frames.every(f => f && f.getBoundingClientRect().width > 0)
    && !document.querySelector('.MathJax_Processing')
    && !!document.querySelector('link[href*="course/notebook.css"]');
"""


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class NotebookApp(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.notebook = NotebookServer(WIDTH)
        cls.driver, cls.workspace = cls.notebook.driver, cls.notebook.workspace

    @classmethod
    def tearDownClass(cls):
        cls.notebook.stop()

    def open_lesson(self, name):
        """Opens a lesson and waits until every formula in it is drawn. (MathJax in Notebook 6 keeps
        its queue busy for seconds after the last formula is drawn; the final layout is checked
        when a first look finds a problem.)"""
        self.driver.set_window_size(WIDTH, 1000)
        self.notebook.open(name)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not self.driver.execute_script(ALL_FORMULAS_DRAWN):
            time.sleep(0.2)
        self.assertTrue(self.driver.execute_script(ALL_FORMULAS_DRAWN), f"{name}: MathJax did not draw every formula")

    def layout_problems(self):
        problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        if problems:   # the course extension may still be redrawing: judge what the learner ends with
            browser.wait_for_math(self.driver, 60)
            problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        return problems

    def test_every_lesson_reads_right_in_jupyter_notebook(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lessons = [self.workspace / p.name for p in course_notebooks()]
        before = {path: path.read_bytes() for path in lessons}
        for path in lessons:
            with self.subTest(lesson=path.name):
                self.open_lesson(path.name)
                problems = self.layout_problems()
                if path.name[:2] != "00" and not self.driver.execute_script(
                        "return document.querySelectorAll('.text_cell_render table').length"):
                    problems.append("no tables")
                browser.save_full_page(self.driver, SCREENSHOTS / f"{path.stem}-{WIDTH}.png", scroller="#site")
                self.assertEqual(problems, [], f"{path.name} in Jupyter Notebook at {WIDTH} px")
        for path, data in before.items():
            self.assertEqual(path.read_bytes(), data, f"opening {path.name} changed it on disk")

    def test_dragging_lesson_03s_slider_redraws_its_chart(self):
        """Lesson 03 run down to its learning-rate slider, as a learner does: dragging the slider to
        the right draws a new chart, and the value beside the slider grows. Screenshots are kept."""
        from selenium.webdriver.common.action_chains import ActionChains
        lesson = course_notebooks()[3].name
        copy = "slider-check-" + lesson   # the workspace's lesson stays as it was
        shutil.copy(self.workspace / lesson, self.workspace / copy)
        cell = self.notebook.run_to_widget(copy, "Interact.show(")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        cell.screenshot(str(SCREENSHOTS / "03-slider-before.png"))
        before = self.driver.execute_script(WIDGET_STATE, cell)
        self.assertEqual(before["labels"], ["learning rate η", "0.1"])
        handle = cell.find_element("css selector", ".widget-area .ui-slider-handle")
        ActionChains(self.driver).click_and_hold(handle).move_by_offset(100, 0).release().perform()
        deadline = time.monotonic() + 15
        after = before
        while time.monotonic() < deadline and (after["image"] == before["image"] or after["labels"] == before["labels"]):
            time.sleep(0.1)
            after = self.driver.execute_script(WIDGET_STATE, cell)
        cell.screenshot(str(SCREENSHOTS / "03-slider-after.png"))
        self.assertNotEqual(after["image"], before["image"], "the chart was not redrawn")
        self.assertGreater(float(after["labels"][1]), 0.1, f"the value beside the slider: {after['labels']}")
        self.assertEqual(after["problem"], "")
        prompts = self.driver.execute_script(
            "return [...arguments[0].querySelectorAll('.output_prompt')].map(p => p.innerText.trim()).filter(t => t)", cell)
        self.assertEqual(prompts, [], "an Out[n] prompt with nothing beside it, under the slider")

    def test_the_layout_check_fails_without_the_course_extension_and_on_a_wasteful_table(self):
        """The check can fail here: Notebook 6's own line breaking restored breaks formulas; a column
        made to take most of a table's width makes another wrap; Notebook 6's own output wrapping
        (Bootstrap's word-break: break-all) restored cuts words."""
        self.open_lesson(course_notebooks()[3].name)
        self.driver.execute_script(
            "MathJax.Hub.config['HTML-CSS'].linebreaks.automatic = true;"
            "MathJax.Hub.Queue(['Rerender', MathJax.Hub]);")
        browser.wait_for_math(self.driver, 60)
        problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        self.assertTrue(any("formula is broken" in p for p in problems), problems)
        self.driver.execute_script(
            "const table = document.querySelector('.text_cell_render table');"
            "table.style.width = '100%'; table.rows[0].cells[0].style.width = '85%';")
        problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        self.assertTrue(any("to spare" in p for p in problems), problems)
        self.driver.execute_script("document.querySelector('.output_area pre').style.wordBreak = 'break-all';")
        problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        self.assertIn("output text wraps in the middle of words", problems)
        self.driver.execute_script("document.querySelectorAll('.output_html caption').forEach(c => c.style.whiteSpace = 'normal');")
        problems = self.driver.execute_script(LAYOUT_PROBLEMS)
        self.assertTrue(any("caption wraps" in p for p in problems), problems)

    def test_the_learners_terminal_shows_no_warnings_when_a_new_cell_is_saved(self):
        """Notebook 6's page makes a new cell without an id (nbformat's MissingIDFieldWarning at every
        save), and Debian's ipykernel, imported to list the kernels, made the debugger warn about
        frozen modules at every start: the course's jupyter_notebook_config.py answers both."""
        name = course_notebooks()[0].name
        self.notebook.open(name)
        self.notebook.wait_for_kernel()
        self.driver.execute_script("Jupyter.notebook.insert_cell_below('code', 0).set_text('1 + 1');"
                                   "Jupyter.notebook.insert_cell_below('markdown', 0).set_text('my note');"
                                   "Jupyter.notebook.save_notebook();")
        saved = self.workspace / name
        deadline = time.monotonic() + 30
        while "my note" not in saved.read_text(encoding="utf-8"):
            self.assertLess(time.monotonic(), deadline, "the notebook was not saved within 30 s")
            time.sleep(0.2)
        cells = json.loads(saved.read_text(encoding="utf-8"))["cells"]
        self.assertTrue(all(cell.get("id") for cell in cells), "a cell saved without its id")
        log = (self.notebook.tmp / "jupyter.log").read_text(encoding="utf-8")
        self.assertNotRegex(log, r"Warning|warning:", log[-3000:])

    def test_the_terminal_opens_in_the_workspace_and_gives_hints_a_step_at_a_time(self):
        """Notebook 6's terminal (New → Terminal: Jupyter's terminal API) as JupyterLab's: in the
        workspace, the course's commands by their bare names, a hint at a time."""
        from jupyter_terminal import check_the_learners_terminal
        check_the_learners_terminal(self, self.notebook.base, self.notebook.token, self.workspace)


if __name__ == "__main__":
    unittest.main()
