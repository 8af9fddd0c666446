"""environment/start's JupyterLab 4 (or, with --notebook, Notebook 7) as a learner runs it: a
workspace of its own, a free port, a random token, and a headless Chromium on it. Two settings are
the test's own, never the course's: the app object is exposed to the page (expose_app_in_browser,
so the test can run JupyterLab's own commands, as its menus do), and every cell is laid out, not
only those in view (windowingMode "none", in a settings folder of the test's), so that the layout
of a whole lesson can be measured."""
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from test_support import ROOT  # first: puts src/main/python on the path
import browser
from notebook_server import free_port

# the current notebook's kernel is connected and idle
KERNEL_IDLE = """const w = window.jupyterapp && jupyterapp.shell.currentWidget;
return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.kernelDisplayStatus === 'idle'
          && w.content && w.content.widgets.length > 0);"""


class LabServer:
    """front_end: "lab" (JupyterLab 4) or "notebook" (Notebook 7)."""

    def __init__(self, width, front_end="lab"):
        self.front_end = front_end
        self.tmp = Path(tempfile.mkdtemp(prefix=f"course-{front_end}-app-"))
        self.token = secrets.token_hex(16)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/"
        settings = self.tmp / "settings" / "@jupyterlab" / "notebook-extension"
        settings.mkdir(parents=True)
        (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        self.log = open(self.tmp / "jupyter.log", "w")
        self.workspace = self.tmp / "workspace"
        app = "LabApp" if front_end == "lab" else "JupyterNotebookApp"
        self.server = subprocess.Popen(
            [str(ROOT / "environment" / "start"), f"--{front_end}", "--workspace", str(self.workspace),
             f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
             f"--{app}.expose_app_in_browser=True"],
            env={**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(self.tmp / "settings"),
                 "JUPYTERLAB_WORKSPACES_DIR": str(self.tmp / "workspaces")},
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self.wait_for_server()
            self.driver = browser.start(self.tmp / "profile", width)
        except BaseException:
            self.stop()
            raise

    def wait_for_server(self):
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError(f"environment/start ended: {(self.tmp / 'jupyter.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}api/status?token={self.token}", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("Jupyter did not answer within 180 s")

    def open(self, name):
        path = "lab/tree" if self.front_end == "lab" else "notebooks"
        self.driver.get(f"{self.base}{path}/{name}?token={self.token}")

    def wait_for_kernel(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.driver.execute_script(KERNEL_IDLE):
                return
            time.sleep(0.1)
        raise AssertionError(f"the notebook's kernel was not ready within {seconds} s")

    def command(self, name):
        """Runs one of JupyterLab's commands, as its menu item does."""
        self.driver.execute_script("jupyterapp.commands.execute(arguments[0])", name)

    def stop(self):
        if getattr(self, "driver", None):
            self.driver.quit()
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
        self.log.close()
        shutil.rmtree(self.tmp, True)

    def run_to_widget(self, name, marker, seconds=120):
        """Opens a notebook and runs it all; returns the cell whose code holds `marker` once it shows
        a slider and an image. (JupyterLab's widget manager asks the kernel for its widgets as soon as
        the notebook connects, before a learner's first click; the test waits a moment as they would.)"""
        self.open(name)
        self.wait_for_kernel()
        time.sleep(2)
        self.command("notebook:run-all-cells")
        deadline = time.monotonic() + seconds
        find = """return [...document.querySelectorAll('.jp-CodeCell')].find(
                      c => c.querySelector('.jp-InputArea').innerText.includes(arguments[0]))"""
        while time.monotonic() < deadline:
            cell = self.driver.execute_script(find, marker)
            assert cell is not None, f"no cell of {name} holds {marker!r}"
            if self.driver.execute_script(
                    "return arguments[0].querySelector('.jupyter-widgets .noUi-handle') !== null"
                    " && arguments[0].querySelector('.jupyter-widgets img.widget-image') !== null", cell):
                self.driver.execute_script("arguments[0].scrollIntoView()", cell)
                return cell
            errors = self.driver.execute_script(
                "return [...document.querySelectorAll('.jp-RenderedText[data-mime-type=\"application/vnd.jupyter.stderr\"]')]"
                ".map(e => e.innerText)")
            assert not errors, f"a cell of {name} failed: {errors[0][:1000]}"
            still = self.driver.execute_script(
                "return arguments[0].querySelector('.jp-OutputArea-output pre')?.innerText", cell)
            assert not (still or "").startswith("Shown for"), f"{name}: the kernel did not hear the widget manager: {still}"
            time.sleep(0.2)
        raise AssertionError(f"{name}: no slider within {seconds} s")


# what a widget cell shows: its image's source, the labels' texts, its error area's text
WIDGET_STATE = """const cell = arguments[0];
return {image: cell.querySelector('.jupyter-widgets img.widget-image').src,
        labels: [...cell.querySelectorAll('.jupyter-widgets .widget-label')].map(e => e.innerText.trim()).filter(t => t),
        problem: [...cell.querySelectorAll('.jupyter-widgets .widget-html-content')].map(e => e.innerText.trim()).join('')};"""
