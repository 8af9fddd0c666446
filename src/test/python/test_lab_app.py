"""The lessons in today's Jupyter, as environment/start opens them: JupyterLab 4 (the default) and
Notebook 7 (environment/start --notebook), from the course's .venv, in headless Chromium at 1400 px.
Every lesson opens with its tables laid out to read, formulas typeset by MathJax 3 and whole, output
text wrapping at its spaces (the course's layout extension loaded), charts at their intended width,
and opening it changes nothing on disk; the check fails without the extension, and on a wasteful
table or a squeezed formula. Lesson 03 is run whole and its learning-rate slider
dragged: the chart is redrawn live, over ipywidgets 8's protocol; a slider whose view never ends for
one value is stopped by Kernel → Interrupt, and the slider goes on working. Screenshots of the slider, and
full-page screenshots of every lesson (browser.FULL_PAGE_SCREENSHOTS), are saved in target/lab-screenshots/."""
import shutil
import time
import unittest

import nbformat
import requests

import browser
from backprop_course.notebooks import course_notebooks
from browser import LAYOUT_PROBLEMS
from lab_server import FIND_CELL, KERNEL_IDLE, WIDGET_STATE, LabServer
from test_support import ROOT

SCREENSHOTS = ROOT / "target" / "lab-screenshots"
WIDTH = 1400
# MathJax 3's formulas in the page, and the markdown cells rendered: typeset when both stay the same
FORMULAS = """return [document.querySelectorAll('mjx-container').length,
                      document.querySelectorAll('.jp-RenderedMarkdown').length];"""
# what a reader would see wrong beyond LAYOUT_PROBLEMS: a formula in running text that MathJax 3 drew
# on more than one line, TeX or Markdown left as it was typed, the course's layout extension missing
MORE_PROBLEMS = """
const problems = [];
for (const formula of document.querySelectorAll('mjx-container:not([display="true"])')) {
  const size = parseFloat(getComputedStyle(formula.parentElement).fontSize);
  if (formula.getBoundingClientRect().height > 3 * size)
    problems.push(`a formula is broken across lines: ${formula.textContent.slice(0, 40)}`);
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let text = walker.nextNode(); text; text = walker.nextNode()) {   // a $, a backtick or a TeX command in the prose
  const where = text.parentElement;
  if (!where.closest('.jp-RenderedMarkdown') || where.closest('mjx-container, mjx-assistive-mml, code, pre, script')) continue;
  if (/\\$|`|\\\\[a-zA-Z]{2,}/.test(text.data)) problems.push(`TeX or Markdown left as typed: ${text.data.trim().slice(0, 60)}`);
}
if (!document.querySelector('link[data-course="layout"]')) problems.push("the course's layout extension is not loaded");
return problems;"""


class FrontEnd:
    front_end = None

    @classmethod
    def setUpClass(cls):
        cls.lab = LabServer(WIDTH, cls.front_end)
        cls.driver, cls.workspace = cls.lab.driver, cls.lab.workspace

    @classmethod
    def tearDownClass(cls):
        cls.lab.stop()

    def open_lesson(self, name):
        """Opens a lesson and waits until MathJax 3 has typeset it (the count of formulas steady)."""
        self.driver.set_window_size(WIDTH, 1000)
        self.lab.open(name)
        self.lab.wait_for_kernel()
        deadline, last, steady = time.monotonic() + 60, None, 0
        while time.monotonic() < deadline and steady < 5:
            now = self.driver.execute_script(FORMULAS)
            steady = steady + 1 if now == last and now[0] > 0 else 0
            last = now
            time.sleep(0.3)
        self.assertGreater(last[0], 0, f"{name}: MathJax typeset no formula")

    def problems(self):
        return self.driver.execute_script(LAYOUT_PROBLEMS) + self.driver.execute_script(MORE_PROBLEMS)

    def screenshot(self, path):
        """The whole notebook: the window made as tall as the notebook, which JupyterLab then lays out whole
        (when full-page screenshots are wanted: browser.FULL_PAGE_SCREENSHOTS)."""
        if not browser.FULL_PAGE_SCREENSHOTS:
            return
        height = self.driver.execute_script(
            "const s = jupyterapp.shell.currentWidget.node.querySelector('.jp-WindowedPanel-outer');"
            "return s ? s.scrollHeight : 1000")
        self.driver.set_window_size(WIDTH, min(height + 300, 16000))
        time.sleep(0.5)
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(WIDTH, 1000)

    def test_every_lesson_reads_right(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lessons = [self.workspace / p.name for p in course_notebooks()]
        before = {path: path.read_bytes() for path in lessons}
        for path in lessons:
            with self.subTest(lesson=path.name):
                self.open_lesson(path.name)
                problems = self.problems()
                if path.name[:2] != "00" and not self.driver.execute_script(
                        "return document.querySelectorAll('.jp-RenderedMarkdown table').length"):
                    problems.append("no tables")
                self.screenshot(SCREENSHOTS / f"{path.stem}-{self.front_end}-{WIDTH}.png")
                self.lab.close_all()
                self.assertEqual(problems, [], f"{path.name} in {self.front_end} at {WIDTH} px")
        for path, data in before.items():
            self.assertEqual(path.read_bytes(), data, f"opening {path.name} changed it on disk")

    def test_the_layout_check_fails_on_a_wasteful_table_a_squeezed_formula_and_without_the_extension(self):
        """The check can fail here: a column made to take most of a table's width makes another
        wrap; a formula's column made narrower than the formula overflows; without the course's
        stylesheet, JupyterLab's own output wrapping cuts words."""
        self.open_lesson(course_notebooks()[2].name)
        self.assertEqual(self.problems(), [])
        self.driver.execute_script(
            "const table = jupyterapp.shell.currentWidget.node.querySelector('.jp-RenderedMarkdown table');"
            "table.style.width = '100%'; table.rows[0].cells[0].style.width = '85%';")
        self.assertTrue(any("to spare" in p for p in self.problems()), self.problems())
        self.driver.execute_script(
            "const cell = [...jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-RenderedMarkdown td')]"
            ".find(c => c.querySelector('mjx-container'));"
            "const table = cell.closest('table'); table.style.tableLayout = 'fixed'; table.style.width = '200px';")
        problems = self.problems()
        self.driver.execute_script("document.querySelector('link[data-course=\"layout\"]').remove()")
        time.sleep(0.5)
        without = self.problems()
        self.lab.close_all()
        self.assertTrue(any("overflows" in p for p in problems), problems)
        self.assertIn("the course's layout extension is not loaded", without)
        self.assertIn("output text wraps in the middle of words", without)

    def test_dragging_lesson_03s_slider_redraws_its_chart(self):
        """Lesson 03 run whole, as a learner does: dragging the learning-rate slider to the right
        draws a new chart, and the value beside the slider grows. Screenshots are kept."""
        from selenium.webdriver.common.action_chains import ActionChains
        lesson = course_notebooks()[3].name
        copy = f"slider-check-{self.front_end}-" + lesson   # the workspace's lesson stays as it was
        shutil.copy(self.workspace / lesson, self.workspace / copy)
        cell = self.lab.run_to_widget(copy, "Interact.show(")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        cell.screenshot(str(SCREENSHOTS / f"03-slider-{self.front_end}-before.png"))
        before = self.driver.execute_script(WIDGET_STATE, cell)
        self.assertEqual(before["labels"], ["learning rate η", "0.1"])
        self.assertRegex(before["description"], r'^Chart "η = 0\.1: .+": x axis "step"', "the chart's words name the image")
        handle = cell.find_element("css selector", ".jupyter-widgets .noUi-handle")
        ActionChains(self.driver).click_and_hold(handle).move_by_offset(60, 0).release().perform()
        deadline = time.monotonic() + 15
        after = before
        while time.monotonic() < deadline and (after["image"] == before["image"] or after["labels"] == before["labels"]):
            time.sleep(0.1)
            after = self.driver.execute_script(WIDGET_STATE, cell)
        cell.screenshot(str(SCREENSHOTS / f"03-slider-{self.front_end}-after.png"))
        self.assertNotEqual(after["image"], before["image"], "the chart was not redrawn")
        self.assertGreater(float(after["labels"][1]), 0.1, f"the value beside the slider: {after['labels']}")
        self.assertEqual(after["problem"], "")
        self.assertIn(f'"η = {after["labels"][1]}:', after["description"], "the words follow the chart")
        # the notebook closed and opened again, then the page loaded again: the widget comes back as it was
        # left, its state given by the kernel (JupyterLab keeps the kernel running when a tab closes)
        self.lab.command("docmanager:save")
        deadline = time.monotonic() + 60   # saved: the widget's output is in the file that is opened again
        while "application/vnd.jupyter.widget-view+json" not in (self.workspace / copy).read_text(encoding="utf-8"):
            self.assertLess(time.monotonic(), deadline, "the notebook was not saved within 60 s")
            time.sleep(0.2)
        for way in ("opened again", "loaded again"):
            if way == "opened again" and self.front_end == "lab":
                self.lab.command("application:close-all")
                self.lab.open(copy)
            else:
                self.driver.refresh()
            self.lab.wait_for_kernel()
            deadline, back = time.monotonic() + 60, None
            while time.monotonic() < deadline and (back is None or back["labels"] != after["labels"]):
                time.sleep(0.2)
                cell = self.driver.execute_script(FIND_CELL, "Interact.show(")
                back = cell and self.driver.execute_script(WIDGET_STATE, cell)
            dead = self.driver.execute_script("return document.body.innerText.includes('Error displaying widget')")
            self.assertFalse(dead, f"a widget is dead after the notebook was {way}")
            shown = cell and self.driver.execute_script(
                "return arguments[0].querySelector('.jp-OutputArea')?.innerText.slice(0, 300)", cell)
            self.assertEqual(back and back["labels"], after["labels"], f"the slider after the notebook was {way}: {shown!r}")
            self.assertEqual(back["description"], after["description"], f"the chart after the notebook was {way}")
        self.lab.close_all()

    def test_kernel_interrupt_stops_a_view_that_never_ends(self):
        """A learner's view that loops for ever at n = 5: dragging there keeps the kernel busy;
        Kernel → Interrupt stops it, says so under the widget, and the slider redraws again."""
        from selenium.webdriver.common.action_chains import ActionChains
        name = f"interrupt-check-{self.front_end}.ipynb"
        lesson = nbformat.read(self.workspace / course_notebooks()[3].name, as_version=4)
        first = next(c for c in lesson.cells if c.cell_type == "code")   # loads the course library
        endless = nbformat.v4.new_code_cell('Interact.show(IntSlider.of("n", 0, 5, 0), n -> {\n'
                                            '    while (n == 5) { }   // never ends at 5\n'
                                            '    return "n = " + n;\n})')
        nbformat.write(nbformat.v4.new_notebook(cells=[first, endless], metadata=lesson.metadata), self.workspace / name)
        cell = self.lab.run_to_widget(name, "while (n == 5)", image=False)
        handle = cell.find_element("css selector", ".jupyter-widgets .noUi-handle")
        ActionChains(self.driver).click_and_hold(handle).move_by_offset(600, 0).release().perform()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and self.driver.execute_script(KERNEL_IDLE):
            time.sleep(0.1)
        self.assertFalse(self.driver.execute_script(KERNEL_IDLE), "the view at n = 5 did not keep the kernel busy")
        time.sleep(1)
        self.lab.command("notebook:interrupt-kernel")
        self.lab.wait_for_kernel(30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "interrupted" not in self.driver.execute_script(WIDGET_STATE, cell)["problem"]:
            time.sleep(0.1)
        self.assertIn("interrupted", self.driver.execute_script(WIDGET_STATE, cell)["problem"])
        ActionChains(self.driver).click_and_hold(handle).move_by_offset(-600, 0).release().perform()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and self.driver.execute_script(WIDGET_STATE, cell)["problem"]:
            time.sleep(0.1)
        state = self.driver.execute_script(WIDGET_STATE, cell)
        cell.screenshot(str(SCREENSHOTS / f"interrupt-{self.front_end}-after.png"))
        self.lab.close_all()
        self.assertEqual(state["problem"], "", "the next value's view clears the message")
        self.assertIn("n = 0", state["view"])


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class JupyterLab(FrontEnd, unittest.TestCase):
    front_end = "lab"

    def test_the_first_start_opens_lesson_00_asks_no_news_and_offers_the_course_kernel_first(self):
        """environment/start's address, the first time (this server's workspace was new): JupyterLab opens on
        00-start-here, with the course's kernel; no prompt about Jupyter's news comes; the Launcher offers
        the course's Java kernel first; the file browser shows the lessons only. (Settings of the course's
        own, for its own server: the learner's are untouched.)"""
        # a first start has no layout saved: this class's other tests saved theirs (JupyterLab's workspaces)
        self.driver.get("about:blank")
        auth = {"Authorization": f"token {self.lab.token}"}
        for workspace in requests.get(f"{self.lab.base}lab/api/workspaces", headers=auth, timeout=30).json()["workspaces"]["ids"]:
            requests.delete(f"{self.lab.base}lab/api/workspaces/{workspace}", headers=auth, timeout=30).raise_for_status()
        self.driver.get(f"{self.lab.base}?token={self.lab.token}")
        self.lab.wait_for_kernel()
        self.assertEqual(self.driver.execute_script("return jupyterapp.shell.currentWidget.context.path"), "00-start-here.ipynb")
        self.assertEqual(self.driver.execute_script("return jupyterapp.shell.currentWidget.sessionContext.kernelDisplayName"), "Java")
        time.sleep(3)   # JupyterLab asks about the news a moment after it has loaded
        toasts = self.driver.execute_script("return [...document.querySelectorAll('.Toastify__toast')].map(t => t.innerText)")
        self.assertFalse([t for t in toasts if "news" in t.lower()], toasts)
        self.driver.execute_script("jupyterapp.commands.execute('launcher:create')")
        deadline, cards = time.monotonic() + 30, []
        while time.monotonic() < deadline and not cards:
            cards = self.driver.execute_script("""const section = [...document.querySelectorAll('.jp-Launcher-section')]
                .find(s => s.innerText.startsWith('Notebook'));
                return section ? [...section.querySelectorAll('.jp-LauncherCard-label')].map(c => c.innerText.trim()) : [];""")
            time.sleep(0.2)
        self.assertEqual(cards[:1], ["Java"], f"the Launcher's notebooks: {cards}")
        listed = self.driver.execute_script("""return [...document.querySelectorAll('.jp-DirListing-itemName')]
            .map(e => e.innerText.trim()).filter(t => t)""")
        # (this class's other tests add notebooks of their own: notebooks and nothing else)
        self.assertLessEqual({p.name for p in course_notebooks()}, set(listed))
        self.assertEqual([name for name in listed if not name.endswith(".ipynb")], [], "the file browser shows notebooks only")
        self.lab.close_all()

    def test_the_terminal_opens_in_the_workspace_and_gives_hints_a_step_at_a_time(self):
        """A terminal of JupyterLab's (Jupyter's terminal API, as its Terminal tab uses it) opens in the
        workspace, where the course's commands answer by their bare names: `hint 03 1` a first hint that
        is not the answer, `hint 03 1 2` the next, and only `--solution` the reference answer."""
        from jupyter_terminal import check_the_learners_terminal
        check_the_learners_terminal(self, self.lab.base, self.lab.token, self.workspace)


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class Notebook7(FrontEnd, unittest.TestCase):
    front_end = "notebook"


if __name__ == "__main__":
    unittest.main()
