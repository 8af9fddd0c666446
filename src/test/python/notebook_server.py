"""environment/start --classic (Debian's Jupyter Notebook 6) as a learner runs it (a workspace of its own, a free port, a
random token), and a headless Chromium on it: for the Notebook browser test and the widget benchmark."""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import browser
from test_support import ROOT

# the notebook's kernel is connected and idle
KERNEL_IDLE = """return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
    && Jupyter.notebook.kernel.is_connected() && !document.querySelector('#kernel_indicator_icon.kernel_busy_icon'));"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StartedJupyter:
    """environment/start with `options` and --workspace in a temporary folder (.tmp, .workspace), on a
    free port with a random token (.base, .token), its output in .tmp/jupyter.log; .driver is Chromium
    at `width` px. `prepare(tmp)` may add files to the temporary folder first, and gives the
    environment variables to set."""

    def __init__(self, width, name, options, prepare=lambda tmp: {}):
        self.tmp = Path(tempfile.mkdtemp(prefix=f"course-{name}-"))
        self.token = secrets.token_hex(16)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/"
        env = {**os.environ, **prepare(self.tmp)}
        self.log = open(self.tmp / "jupyter.log", "w")
        self.workspace = self.tmp / "workspace"
        self.server = subprocess.Popen(
            [str(ROOT / "environment" / "start"), *options(port, self.token), "--workspace", str(self.workspace)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
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

    kernel_idle = None   # a script: whether the open notebook's kernel is connected and idle
    kernel_state = "return ''"   # a script: what the page says of its kernel, for a failure's message

    def wait_for_kernel(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.driver.execute_script(self.kernel_idle):
                return
            time.sleep(0.1)
        log = (self.tmp / "jupyter.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        raise AssertionError(f"the notebook's kernel was not ready within {seconds} s; the page says "
                             f"{self.driver.execute_script(self.kernel_state)!r}; Jupyter's log ends:\n{log}")

    def stop(self):
        if getattr(self, "driver", None):
            self.driver.quit()
        os.killpg(self.server.pid, signal.SIGTERM)   # Jupyter shuts its kernels down
        try:
            self.server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
        self.log.close()
        shutil.rmtree(self.tmp, True)


class NotebookServer(StartedJupyter):
    """environment/start --classic: Debian's Jupyter Notebook 6."""
    kernel_idle = KERNEL_IDLE
    kernel_state = "return document.querySelector('#notification_kernel')?.innerText || document.title"

    def __init__(self, width):
        super().__init__(width, "notebook-app", lambda port, token: [
            "--classic", f"--port={port}", "--NotebookApp.port_retries=0", f"--NotebookApp.token={token}"])

    def open(self, name):
        self.driver.get(f"{self.base}notebooks/{name}?token={self.token}")

    def run_to_widget(self, name, marker, seconds=90):
        """Opens a notebook and runs its cells down to the first whose code holds `marker`; returns
        that cell's element once it shows a slider and an image."""
        self.open(name)
        self.wait_for_kernel()
        # the widgets extension checks the kernel's widget protocol when it loads; cells queued
        # before its check reaches the kernel would run where nothing draws widgets
        deadline = time.monotonic() + 30
        while not self.driver.execute_script("return Jupyter.notebook.kernel.widget_manager !== undefined"):
            assert time.monotonic() < deadline, "the widgets extension did not load within 30 s"
            time.sleep(0.1)
        index = self.driver.execute_script(
            "return Jupyter.notebook.get_cells().findIndex(c => c.cell_type === 'code' && c.get_text().includes(arguments[0]))",
            marker)
        assert index >= 0, f"no cell of {name} holds {marker!r}"
        self.driver.execute_script("Jupyter.notebook.execute_cell_range(0, arguments[0] + 1)", index)
        cell = self.driver.execute_script("return Jupyter.notebook.get_cell(arguments[0]).element[0]", index)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.driver.execute_script(
                    "return arguments[0].querySelector('.widget-area .ui-slider-handle') !== null"
                    " && arguments[0].querySelector('.widget-area img') !== null", cell):
                self.driver.execute_script("arguments[0].scrollIntoView()", cell)
                return cell
            errors = self.driver.execute_script(
                "return [...document.querySelectorAll('.output_error')].map(e => e.innerText)")
            assert not errors, f"a cell of {name} failed: {errors[0][:1000]}"
            still = self.driver.execute_script("return arguments[0].querySelector('.output_stdout')?.innerText", cell)
            assert not (still or "").startswith("Shown for"), f"{name}: the kernel did not hear the widgets extension: {still}"
            time.sleep(0.2)
        raise AssertionError(f"{name}: no slider within {seconds} s")


# what a widget cell shows: its image's source, the labels' texts, its error area's text
WIDGET_STATE = """const cell = arguments[0];
return {image: cell.querySelector('.widget-area img').src,
        labels: [...cell.querySelectorAll('.widget-area .widget-label')].map(e => e.innerText.trim()).filter(t => t),
        problem: [...cell.querySelectorAll('.widget-area .widget-html')].map(e => e.innerText.trim()).join('')};"""
