"""The address a lesson page's launch button opens: the lesson in the reader's own workspace on the
class's JupyterHub. JupyterHub's user-redirect sends a reader who is not logged in through its login
form, starts their server if it is not running, then opens /user/<them>/lab/tree/<folder><lesson>:
JupyterLab with that notebook, their copy, as they left it."""
from urllib.parse import quote


def url(hub, folder, lesson):
    """hub: the hub's address; folder: the workspace's folder under the student's server root, ending in /
    (none on one machine, course-workspace/ on Kubernetes); lesson: the notebook's file name."""
    return f"{hub.rstrip('/')}/hub/user-redirect/lab/tree/{folder}{quote(lesson)}"
