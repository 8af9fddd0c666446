"""The lessons where learners read them: environment/start's Jupyter Notebook 6 (the course's
notebook extension included, on a workspace of its own) in headless Chromium at 1400 px. Every lesson opens with its tables
laid out to read (no column wasting room while another wraps a word per line, no cell narrower
than its word), formulas whole, charts at their intended width, and opening it changes nothing
on disk. A full-page screenshot of each lesson is saved in target/notebook-screenshots/."""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path

from test_support import ROOT  # first: puts src/main/python on the path
import browser
from browser import LAYOUT_PROBLEMS
from course_notebooks import course_notebooks

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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@unittest.skipIf(browser.unavailable(), browser.unavailable())
class NotebookApp(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="course-notebook-app-"))
        cls.token = secrets.token_hex(16)
        cls.base = f"http://127.0.0.1:{free_port()}/"
        port = cls.base.rsplit(":", 1)[1].strip("/")
        cls.log = open(cls.tmp / "jupyter.log", "w")
        cls.workspace = cls.tmp / "workspace"
        cls.server = subprocess.Popen(
            [str(ROOT / "environment" / "start"), "--workspace", str(cls.workspace), f"--port={port}",
             "--NotebookApp.port_retries=0", f"--NotebookApp.token={cls.token}"],
            stdout=cls.log, stderr=subprocess.STDOUT, start_new_session=True)
        cls.wait_for_server()
        cls.driver = browser.start(cls.tmp / "profile", WIDTH)

    @classmethod
    def wait_for_server(cls):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if cls.server.poll() is not None:
                raise AssertionError(f"environment/start ended: {(cls.tmp / 'jupyter.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{cls.base}api/status?token={cls.token}", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("Jupyter did not answer within 120 s")

    @classmethod
    def tearDownClass(cls):
        if hasattr(cls, "driver"):
            cls.driver.quit()
        os.killpg(cls.server.pid, signal.SIGTERM)   # Jupyter shuts its kernels down
        try:
            cls.server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(cls.server.pid, signal.SIGKILL)
        cls.log.close()
        shutil.rmtree(cls.tmp, True)

    def open_lesson(self, name):
        """Opens a lesson and waits until every formula in it is drawn. (MathJax in Notebook 6 keeps
        its queue busy for seconds after the last formula is drawn; the final layout is checked
        when a first look finds a problem.)"""
        self.driver.set_window_size(WIDTH, 1000)
        self.driver.get(f"{self.base}notebooks/{name}?token={self.token}")
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

    def test_the_layout_check_fails_without_the_course_extension_and_on_a_wasteful_table(self):
        """The check can fail here: Notebook 6's own line breaking restored breaks formulas; a column
        made to take most of a table's width makes another wrap."""
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


if __name__ == "__main__":
    unittest.main()
