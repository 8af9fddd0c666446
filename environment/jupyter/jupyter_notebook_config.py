# Debian's Jupyter Notebook 6 with the course (environment/start --classic):
# JUPYTER_CONFIG_PATH names this folder, so Notebook 6 reads this file beside the learner's own
# configuration. It keeps the learner's terminal to what concerns them.
import os
from pathlib import Path

from nbformat.v4.nbbase import random_cell_id

# Debian's ipykernel imports the debugger (debugpy) when Notebook 6 lists the kernels, and the
# debugger then warns, on every start, that Python's frozen modules may hide breakpoints: no
# learner debugs Notebook 6 itself, so its own switch turns that check off
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def give_cells_ids(model, **_):
    """Notebook 6's page makes new cells without the id that notebook format 4.5 gives every cell;
    nbformat then warns (MissingIDFieldWarning) at every save and adds one itself. Give each such
    cell its id before the save, as JupyterLab does when it makes the cell."""
    content = model.get("content") if model.get("type") == "notebook" else None
    if not content or (content.get("nbformat"), content.get("nbformat_minor", 0)) < (4, 5):
        return
    for cell in content.get("cells", []):
        if "id" not in cell:
            cell["id"] = random_cell_id()


c = get_config()  # noqa: F821 (Jupyter defines it for its configuration files)
c.ContentsManager.pre_save_hook = give_cells_ids
# its terminals open in the workspace, where hint, progress and update-lesson answer by their bare names
# (terminal.bashrc, beside this file, puts environment/bin on their PATH), as environment/start gives
# JupyterLab's; here, not on the command line, where Notebook 6 takes a list for a string
c.NotebookApp.terminado_settings = {
    "shell_command": ["/bin/bash", "--rcfile", str(Path(__file__).resolve().parent / "terminal.bashrc"), "-i"]}
# the course's kernel the default one, as jupyter_server_config.py (config/) makes it for JupyterLab and Notebook 7
c.MappingKernelManager.default_kernel_name = "java"
