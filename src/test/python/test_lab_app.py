"""The lessons in today's Jupyter, as environment/start opens them: JupyterLab 4 (the default) and
Notebook 7 (environment/start --notebook), from the course's .venv, in headless Chromium at 1400 px.
Lesson 03 is run whole and its learning-rate slider dragged: the chart is redrawn live, over
ipywidgets 8's protocol. Screenshots of the slider are saved in target/lab-screenshots/."""
import shutil
import time
import unittest

from test_support import ROOT  # first: puts src/main/python on the path
import browser
from course_notebooks import course_notebooks
from lab_server import WIDGET_STATE, LabServer

SCREENSHOTS = ROOT / "target" / "lab-screenshots"
WIDTH = 1400


class FrontEnd:
    front_end = None

    @classmethod
    def setUpClass(cls):
        cls.lab = LabServer(WIDTH, cls.front_end)
        cls.driver, cls.workspace = cls.lab.driver, cls.lab.workspace

    @classmethod
    def tearDownClass(cls):
        cls.lab.stop()

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


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class JupyterLab(FrontEnd, unittest.TestCase):
    front_end = "lab"


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class Notebook7(FrontEnd, unittest.TestCase):
    front_end = "notebook"


if __name__ == "__main__":
    unittest.main()
