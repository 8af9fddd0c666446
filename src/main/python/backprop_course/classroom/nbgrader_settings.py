"""nbgrader on the hub: the settings each server reads, by role (the instructor's formgrader and course
folder; students' assignment list), and the instructor's course folder, ~/course-grading."""
import json
from pathlib import Path

from backprop_course import notebooks
from backprop_course.classroom.students import WORKSPACE, as_student

# nbgrader on the hub: the course's id and the instructor's course folder
# nbgrader on the hub: the course's id, its exchange in the hub's folder, the instructor's course folder
COURSE_ID = "backprop"
GRADING = "course-grading"
# on a cluster (environment/kubernetes): ngshare from its own Helm chart in the namespace "course", and
# the instructor's course folder in their home on their own volume
CLUSTER_NGSHARE = "http://ngshare.course.svc.cluster.local:8080/services/ngshare"
CLUSTER_GRADING = "/home/jovyan/" + GRADING
# what students' JupyterLab leaves out: nbgrader's instructor tools, and JupyterLab's question about news
STUDENT_DISABLED = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list")
EVERYONE_DISABLED = ("@jupyterlab/apputils-extension:announcements",)


def nbgrader_settings(exchange, grading):
    """The settings each server reads (through JUPYTER_CONFIG_PATH), by role: for everyone the course's id,
    the exchange and where fetched lessons and feedback go (~/course-workspace); for the instructor their
    course folder, `grading`; JupyterLab without nbgrader's instructor tools for students. exchange:
    ("files", the exchange's folder), nbgrader's own, or ("ngshare", its URL), a hub service. Each role's
    files, by name."""
    kind, where = exchange
    common = f"import os\nc = get_config()  # noqa\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
    if kind == "files":
        common += f"c.Exchange.root = {where!r}\n"
    else:   # ngshare's client keeps nbgrader's steps and sends each to the service with the server's hub token
        common += f"from ngshare_exchange import configureExchange\nconfigureExchange(c, {where!r})\n"
    common += f"c.Exchange.assignment_dir = os.path.expanduser('~/{WORKSPACE}')   # fetched lessons and feedback\n"
    instructor = common + f"c.CourseDirectory.root = {grading!r}\n"
    if kind == "files":   # ngshare knows a submission's owner from the hub's token
        # the course's package, in the classroom's environment (.venv-nbgrader: environment/setup links it there)
        instructor += "c.ExchangeFactory.collect = 'backprop_course.classroom.owners_collect.OwnersCollect'   # the owner's\n"

    def files(settings, disabled, server):
        return {"nbgrader_config.py": "# written by environment/classroom\n" + settings,
                "labconfig/page_config.json": json.dumps({"disabledExtensions": {name: True for name in disabled}}, indent=1) + "\n",
                "jupyter_server_config.json": json.dumps({"ServerApp": {"jpserver_extensions": server}}, indent=1) + "\n"}

    return {"instructor": files(instructor, EVERYONE_DISABLED, {}),
            "student": files(common, EVERYONE_DISABLED + STUDENT_DISABLED,
                             {"nbgrader.server_extensions.formgrader": False, "nbgrader.server_extensions.course_list": False})}


def write_settings(folder, settings):
    """nbgrader_settings' files, readable by everyone, in folder/<role>/."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    for who, files in settings.items():
        (folder / who / "labconfig").mkdir(parents=True, exist_ok=True)
        for made in (folder / who, folder / who / "labconfig"):
            made.chmod(0o755)
        for name, text in files.items():
            (folder / who / name).write_text(text, encoding="utf-8")
            (folder / who / name).chmod(0o644)


def write_grading_folder(admin):
    """The instructor's nbgrader course folder, ~/course-grading: each lesson, with its answers, as
    source/<lesson>/<lesson>.ipynb, where nbgrader's formgrader finds the assignments to release.
    Written as the instructor; a lesson already there is left as it is (their edits stay)."""
    lessons = {original.stem: original.read_bytes() for original in notebooks.course_notebooks()}   # read as root

    def write():
        made = []
        for stem, text in lessons.items():
            target = Path.home() / GRADING / "source" / stem / f"{stem}.ipynb"
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text)
                made.append(stem)
        return " ".join(made)

    return as_student(admin, write).split()
