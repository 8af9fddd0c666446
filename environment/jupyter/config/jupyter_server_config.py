# The course's settings for JupyterLab's and Notebook 7's server: environment/start and a public Binder
# (binder/start) name this folder in JUPYTER_CONFIG_PATH, so the server reads this file before the
# learner's own configuration (JUPYTER_CONFIG_PATH's folders come first).
from pathlib import Path

c = get_config()  # noqa: F821 (Jupyter defines it for its configuration files)
# terminals open where the server runs (the workspace), and hint, progress and update-lesson answer there by
# their bare names: environment/jupyter/terminal.bashrc puts environment/bin on their PATH
c.ServerApp.terminado_settings = {
    "shell_command": ["/bin/bash", "--rcfile", str(Path(__file__).resolve().parents[1] / "terminal.bashrc"), "-i"]}
# the course's kernel is the default one (first in the Launcher)
c.MappingKernelManager.default_kernel_name = "java"
