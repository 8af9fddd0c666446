"""JupyterHub for the class: its configuration (the proxy, the spawner, each role's settings, the services),
the limits that keep one student from starving the class, and the hub's folder."""
import json
import pwd
import re
import socket
import sys
from pathlib import Path

from backprop_course.classroom.bounds import StudentBounds
from backprop_course.classroom.exchange import NGSHARE, NGSHARE_ACCOUNT, NGSHARE_PYTHON, NGSHARE_SCOPE, enrol_in_ngshare, make_file_exchange
from backprop_course.classroom.lessons import write_lessons
from backprop_course.classroom.nbgrader_settings import GRADING, nbgrader_settings, write_settings
from backprop_course.classroom.students import WORKSPACE
from backprop_course.kernels import kernelspec
from backprop_course.learner.workspace import LESSONS as LESSONS_VARIABLE
from backprop_course.paths import ENVIRONMENT, TARGET

# the proxy in front of the hub, from npm (environment/npm, installed by environment/setup)
PROXY = TARGET / "node_modules" / ".bin" / "configurable-http-proxy"
LESSONS = "lessons"
# a student's first login opens lesson 00 (environment/classroom-server); later ones JupyterLab as they left it
FIRST_PAGE = "/lab/tree/00-start-here.ipynb"
# what holds the reference answers: the notebooks, git's copies of them, the site rendered from them
ANSWERS = ("notebooks", ".git", "target/site")


def hub_config(state, students, admin, ip, port, limits, inner, exchange="files", the_class=""):
    """JupyterHub's configuration for the class, as Python (jupyterhub -f reads it). inner: the
    ports of the hub's API (the students' servers call it), of the proxy's API and of ngshare, all
    on 127.0.0.1. exchange: "files" (nbgrader's own) or "ngshare" (a hub service). the_class: the
    class's cgroup folder (bounds.class_name) where each student's server is bounded (limits.student),
    empty where it cannot be."""
    jupyter_path = f"{state / 'jupyter'}:{ENVIRONMENT / 'jupyter'}"
    names = sorted(name for name, _ in students)
    culler = [sys.executable, "-m", "jupyterhub_idle_culler", *limits.culler_args()]
    settings = lambda who: f"{state / 'nbgrader' / who}:{ENVIRONMENT / 'nbgrader'}"
    services = []
    if limits.cull_servers:
        services.append(f"""# jupyterhub-idle-culler, a hub service: stops a student's server idle for {limits.cull_servers:g} minutes
c.JupyterHub.services.append({{"name": "idle-culler", "command": {culler!r}}})
c.JupyterHub.load_roles.append({{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}})
""")
    if exchange == "ngshare":
        ngshare = [str(NGSHARE_PYTHON), str(NGSHARE), "serve", "--admins", admin,
                   "--database", f"sqlite:///{state / 'ngshare' / 'ngshare.db'}", "--storage", f"{state / 'ngshare' / 'files'}/"]
        services.append(f"""# ngshare, a hub service: nbgrader's exchange, each request checked against the hub's login (the
# course and its students are in its database, written by environment/classroom start). It runs as an
# account of its own and takes only tokens the hub lets use it: every user's server's (classroom/ngshare_service.py)
c.JupyterHub.services.append({{"name": "ngshare", "url": "http://127.0.0.1:{inner["ngshare"]}", "command": {ngshare!r},
                              "user": {NGSHARE_ACCOUNT!r}, "display": False}})
c.JupyterHub.extra_user_scopes = {{{NGSHARE_SCOPE!r}}}
# a server's token: the hub's default (the role "server": its owner's activity, their server) and ngshare
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", {NGSHARE_SCOPE!r}]
""")
    return f"""# written by environment/classroom: change the class list and start it again instead
c = get_config()  # noqa
c.JupyterHub.ip = {ip!r}
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {inner["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{inner["proxy"]}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.pid_file = "{state / 'proxy.pid'}"
c.JupyterHub.db_url = "sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{state / 'jupyterhub_cookie_secret'}"
c.JupyterHub.cleanup_servers = False   # a hub restarted keeps the students' running servers
c.Authenticator.allowed_users = set({names!r})
c.Authenticator.admin_users = {{{admin!r}}}
# each student's server runs as their account, bounded as a whole (classroom/bounds.py, spawner.py)
c.JupyterHub.spawner_class = "backprop_course.classroom.spawner.BoundedSpawner"
c.BoundedSpawner.the_class = {the_class!r}
c.BoundedSpawner.memory = {limits.student.memory!r}
c.BoundedSpawner.processes = {limits.student.processes!r}
c.BoundedSpawner.cpu = {limits.student.cpu!r}
c.Spawner.cmd = ["{ENVIRONMENT / 'classroom-server'}"]
c.Spawner.notebook_dir = "~/{WORKSPACE}"
c.Spawner.default_url = "/lab"
def instructor(spawner):
    # the instructor's JupyterLab opens their home (the formgrader works on a course folder inside the
    # server's folder only), with nbgrader's instructor settings: the formgrader and ~/{GRADING}
    if spawner.user.name == {admin!r}:
        spawner.notebook_dir = "~"
        spawner.environment = {{**{{k: v for k, v in spawner.environment.items() if k != "COURSE_FIRST_PAGE"}},
                               "JUPYTER_CONFIG_PATH": {settings("instructor")!r}}}
c.Spawner.pre_spawn_hook = instructor
# everyone's settings: nbgrader's (a student's: the assignment list) and the course's for the Java lessons
c.Spawner.environment = {{"JUPYTER_PATH": {jupyter_path!r}, "JUPYTER_CONFIG_PATH": {settings("student")!r},
                         "COURSE_KERNEL_JAVA_OPTIONS": {limits.java_options()!r}, "COURSE_FIRST_PAGE": {FIRST_PAGE!r},
                         "{LESSONS_VARIABLE}": "{state / LESSONS}"}}
c.Spawner.args = {limits.server_args()!r}
# twenty students logging in at once on two cores: a server may take a minute to answer
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
""" + "".join(services)


class Limits:
    """What keeps one student from starving the class on one machine: each kernel's Java heap is
    bounded (a runaway allocation is an OutOfMemoryError in that student's cell, nobody else's), a
    kernel that no tab has open and that ran nothing for cull_kernels minutes is shut down (the
    notebook server's own MappingKernelManager.cull_*), and a server idle for cull_servers minutes
    is stopped by jupyterhub-idle-culler, the hub's service (the student's next visit starts it
    again). 0 minutes: never. A kernel with its tab open is kept. student: what each student's server
    may use at most, as a whole (bounds.StudentBounds)."""

    def __init__(self, heap="512m", cull_kernels=60.0, cull_servers=30.0, student=None):
        if not re.fullmatch(r"[1-9][0-9]*[mMgG]", heap):
            raise ValueError(f"--kernel-heap {heap!r}: write a size such as 512m or 1g")
        if cull_kernels < 0 or cull_servers < 0:
            raise ValueError("a culling time is minutes, 0 or more (0: never)")
        self.heap, self.cull_kernels, self.cull_servers = heap, cull_kernels, cull_servers
        self.student = student or StudentBounds()

    def java_options(self):
        return f"-Xmx{self.heap}"

    def culling(self):
        """The culling, said for the instructor."""
        kernels = (f"a kernel with no tab open is shut down after {self.cull_kernels:g} idle minutes"
                   if self.cull_kernels else "idle kernels are never shut down")
        servers = (f"a server is stopped after {self.cull_servers:g} idle minutes"
                   if self.cull_servers else "idle servers are never stopped")
        return f"{kernels}, {servers}"

    @staticmethod
    def _every(seconds):
        """How often a timeout of so many seconds is checked: every minute, or five times within a shorter one."""
        return max(1, min(60, seconds // 5))

    def server_args(self):
        """The students' notebook servers' options: their own kernel culling."""
        if not self.cull_kernels:
            return []
        seconds = max(1, round(self.cull_kernels * 60))
        return [f"--MappingKernelManager.cull_idle_timeout={seconds}",
                f"--MappingKernelManager.cull_interval={self._every(seconds)}"]

    def culler_args(self):
        """jupyterhub-idle-culler's options: the servers' idle time and how often it looks."""
        seconds = max(1, round(self.cull_servers * 60))
        return [f"--timeout={seconds}", f"--cull-every={self._every(seconds)}"]


def inner_ports(state):
    """The ports of the hub's API, the proxy's API and ngshare (with --exchange ngshare), all on
    127.0.0.1: free ones chosen at the first start and kept in the hub's folder, so that a restarted
    hub is where the running servers know it is (and two classes on one machine, or a test beside a
    class, do not take each other's ports)."""
    saved = state / "ports.json"
    ports = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
    missing = [name for name in ("hub", "proxy", "ngshare") if name not in ports]
    if missing:
        sockets = [socket.socket() for _ in missing]   # all open at once: different ports
        try:
            for name, s in zip(missing, sockets):
                s.bind(("127.0.0.1", 0))
                ports[name] = s.getsockname()[1]
        finally:
            for s in sockets:
                s.close()
        saved.write_text(json.dumps(ports) + "\n", encoding="utf-8")
    return ports


def prepare_state(state, students, admin, ip, port, java_home, limits, exchange="files", the_class=""):
    """The hub's folder: its configuration, the course's kernelspec (found by the students' servers
    through JUPYTER_PATH, so the machine's own kernelspecs are left alone) and the students' lessons.
    Students may open what they need in it by name, but not list it; the hub's own files (its
    database, its cookie secret) are made private by the umask the hub starts with."""
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o711)
    (state / "jupyter").mkdir(exist_ok=True)
    (state / "jupyter").chmod(0o755)
    write_lessons(state / LESSONS)
    grading = str(Path(pwd.getpwnam(admin).pw_dir) / GRADING)
    where = (("files", str(make_file_exchange(state, admin))) if exchange == "files" else
             ("ngshare", f"http://127.0.0.1:{inner_ports(state)['ngshare']}/services/ngshare"))
    write_settings(state / "nbgrader", nbgrader_settings(where, grading))
    if exchange == "ngshare":
        print("classroom: " + enrol_in_ngshare(state, admin, students), flush=True)
    kernelspec.install(Path(java_home), state / "jupyter" / "kernels" / "java")
    config = state / "jupyterhub_config.py"
    config.write_text(hub_config(state, students, admin, ip, port, limits, inner_ports(state), exchange, the_class), encoding="utf-8")
    return config
