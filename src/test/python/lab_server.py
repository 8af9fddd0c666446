"""environment/start's JupyterLab 4 (or, with --notebook, Notebook 7) as a learner runs it: a
workspace of its own, a free port, a random token, and a headless Chromium on it. Two settings are
the test's own, never the course's: the app object is exposed to the page (expose_app_in_browser,
so the test can run JupyterLab's own commands, as its menus do), and every cell is laid out, not
only those in view (windowingMode "none", in a settings folder of the test's), so that the layout
of a whole lesson can be measured."""
import json
import time
import urllib.request

from notebook_server import StartedJupyter

# the current notebook's kernel is connected and idle
KERNEL_IDLE = """const w = window.jupyterapp && jupyterapp.shell.currentWidget;
return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.kernelDisplayStatus === 'idle'
          && w.content && w.content.widgets.length > 0);"""


class LabServer(StartedJupyter):
    """front_end: "lab" (JupyterLab 4) or "notebook" (Notebook 7)."""
    kernel_idle = KERNEL_IDLE
    kernel_state = """const w = window.jupyterapp && jupyterapp.shell.currentWidget;
        return [w && w.title.label, w && w.sessionContext && w.sessionContext.kernelDisplayName,
                w && w.sessionContext && w.sessionContext.kernelDisplayStatus,
                [...document.querySelectorAll('.jp-Dialog-header')].map(d => d.innerText)].join(' | ');"""

    def __init__(self, width, front_end="lab"):
        self.front_end = front_end
        app = "LabApp" if front_end == "lab" else "JupyterNotebookApp"

        def settings(tmp):
            folder = tmp / "settings" / "@jupyterlab" / "notebook-extension"
            folder.mkdir(parents=True)
            (folder / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
            return {"JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}

        super().__init__(width, f"{front_end}-app", lambda port, token: [
            f"--{front_end}", f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--{app}.expose_app_in_browser=True"], settings)

    def open(self, name):
        """Opens a notebook as a learner does: in JupyterLab, once the app is loaded, from within it (as a
        double click in its file browser does, the app not loaded again); Notebook 7 opens each in a page of its own."""
        if self.front_end == "lab" and self.driver.execute_script(
                "return !!window.jupyterapp && !document.querySelector('.jp-Dialog')"):   # a dialog left open: load anew
            self.driver.execute_script("jupyterapp.commands.execute('docmanager:open', {path: arguments[0]})", name)
            deadline = time.monotonic() + 30
            while self.driver.execute_script("return jupyterapp.shell.currentWidget?.context?.path") != name:
                page = self.driver.execute_script(self.kernel_state)
                assert time.monotonic() < deadline, f"JupyterLab did not open {name} within 30 s: {page}"
                time.sleep(0.1)
            return
        path = "lab/tree" if self.front_end == "lab" else "notebooks"
        self.driver.get(f"{self.base}{path}/{name}?token={self.token}")

    def command(self, name):
        """Runs one of JupyterLab's commands, as its menu item does."""
        self.driver.execute_script("jupyterapp.commands.execute(arguments[0])", name)

    def close_all(self):
        """Closes every notebook and shuts their kernels down (through Jupyter's REST API)."""
        if self.front_end == "lab":
            self.command("application:close-all")
        headers = {"Authorization": f"token {self.token}"}
        with urllib.request.urlopen(urllib.request.Request(f"{self.base}api/sessions", headers=headers)) as answer:
            sessions = json.load(answer)
        for session in sessions:
            urllib.request.urlopen(urllib.request.Request(f"{self.base}api/sessions/{session['id']}", method="DELETE",
                                                          headers=headers)).close()

    def run_to_widget(self, name, marker, seconds=120, image=True):
        """Opens a notebook and runs it all; returns the cell whose code holds `marker` once it shows
        a slider and (unless image is False) an image. (JupyterLab's widget manager asks the kernel for its widgets as soon as
        the notebook connects, before a learner's first click; the test waits a moment as they would.
        A student copy's exercises below the widget fail, as they should: only the cells down to it count.)"""
        self.open(name)
        self.wait_for_kernel()
        time.sleep(2)
        self.command("notebook:run-all-cells")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            cell = self.driver.execute_script(FIND_CELL, marker)
            assert cell is not None, f"no cell of {name} holds {marker!r}"
            if self.driver.execute_script(
                    "return arguments[0].querySelector('.jupyter-widgets .noUi-handle') !== null"
                    " && (!arguments[1] || arguments[0].querySelector('.jupyter-widgets img.widget-image') !== null)",
                    cell, image):
                self.driver.execute_script("arguments[0].scrollIntoView()", cell)
                return cell
            errors = self.driver.execute_script(ERRORS_ABOVE, cell)
            assert not errors, f"a cell of {name} failed: {errors[0][:1000]}"
            still = self.driver.execute_script(
                "return arguments[0].querySelector('.jp-OutputArea-output pre')?.innerText", cell)
            assert not (still or "").startswith("Shown for"), f"{name}: the kernel did not hear the widget manager: {still}"
            time.sleep(0.2)
        raise AssertionError(f"{name}: no slider within {seconds} s")


# the open notebook's code cell whose code holds arguments[0]
FIND_CELL = """return [...(jupyterapp.shell.currentWidget?.node.querySelectorAll('.jp-CodeCell') || [])].find(
                   c => c.querySelector('.jp-InputArea').innerText.includes(arguments[0]))"""
# the errors shown by the code cells of the open notebook down to the cell arguments[0]
ERRORS_ABOVE = """const cells = [...jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-CodeCell')];
return cells.slice(0, cells.indexOf(arguments[0]) + 1)
    .flatMap(c => [...c.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')])
    .map(e => e.innerText);"""
# what a widget cell shows: its image's source and title (what it shows, in words), the labels' texts, its view's text (the first HTML
# widget: a view of text) and its error area's text (the last HTML widget)
WIDGET_STATE = """const cell = arguments[0], html = [...cell.querySelectorAll('.jupyter-widgets .widget-html-content')];
return {image: cell.querySelector('.jupyter-widgets img.widget-image')?.src,
        description: cell.querySelector('.jupyter-widgets img.widget-image')?.title,
        labels: [...cell.querySelectorAll('.jupyter-widgets .widget-label')].map(e => e.innerText.trim()).filter(t => t),
        view: html.length > 1 ? html[0].innerText.trim() : '',
        problem: html.length ? html[html.length - 1].innerText.trim() : ''};"""
