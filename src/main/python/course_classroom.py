"""The course for a class on one machine: JupyterHub 6 (from the classroom's pinned environment,
.venv-nbgrader) serving JupyterLab 4 and the course's kernel, with a real system account per student,
each student's own workspace, and nbgrader's assignment cycle.

The class list has one student per line: a login name and the crypt hash of the password the
instructor gives them (make one with `openssl passwd -6`, or let `passwords` make the whole list
from a list of names, with a new random password for each), e.g.

    ada $6$V1x...$J8...
    # a comment; blank lines are skipped

Students log in with their own password (PAM, JupyterHub's own authenticator); nobody shares one.
A student's first login makes ~/course-workspace from the student copies (the learner's workspace:
exercises stubbed, nothing ever overwritten). Homes are private (0700): a student cannot read
another's files. The answers stay the instructor's: students' workspaces are made from the student
copies in the hub's folder (their hints kept), and start makes the reference notebooks, git's copy
of them, a rendered site and the class list readable by their owner only. The instructor named
with --admin (one of the list) is the hub's admin, and nbgrader's instructor: their JupyterLab opens
their home, with ~/course-grading (an nbgrader course folder holding every lesson in source/) and the
formgrader; students' JupyterLab has nbgrader's assignment list; the exchange is in the hub's folder
(or, with --exchange ngshare, ngshare: a hub service, as on a cluster).

    course_classroom.py start CLASS_LIST --admin NAME [--state DIR] [--ip 127.0.0.1] [--port 8000]
                       [--kernel-heap 512m] [--cull-kernels 60] [--cull-servers 30] [--exchange files|ngshare]
    course_classroom.py check CLASS_LIST
    course_classroom.py passwords NAMES CLASS_LIST
    course_classroom.py lessons FOLDER   (for an image: what start writes into the hub's folder)
    course_classroom.py cluster-settings FOLDER   (for an image: nbgrader's settings, with ngshare)
    course_classroom.py hand-out CLASS_LIST LESSON
    course_classroom.py collect CLASS_LIST LESSON SUBMISSIONS_FOLDER

Handing out puts a lesson's student copy into each student's workspace where it is not yet (a
student's own notebook is left alone, and listed); collecting copies each student's notebook of the
lesson into SUBMISSIONS_FOLDER/<student>/, the layout environment/grade reads, and lists who has none.
"""
import argparse
import json
import os
import pwd
import re
import secrets
import socket
import stat
import subprocess
import sys
from pathlib import Path

import nbformat

from course_kernels import ROOT
import course_exercises
import course_kernels
import course_notebooks
import course_workspace

NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
CRYPT = re.compile(r"^\$(1|5|6|y|2[abxy]?)\$[./A-Za-z0-9$]{8,}$")
WORKSPACE = "course-workspace"
# the proxy in front of the hub, from npm (environment/npm, installed by environment/setup)
PROXY = ROOT / "target" / "node_modules" / ".bin" / "configurable-http-proxy"
# ngshare, the other exchange, a hub service in an environment of its own (environment/ngshare)
NGSHARE_PYTHON = ROOT / ".venv-ngshare" / "bin" / "python"
NGSHARE = ROOT / "src" / "main" / "python" / "course_ngshare.py"
# the system account ngshare runs as, with no login and no home (no class list's name starts with _)
NGSHARE_ACCOUNT = "_ngshare"
# the hub's right to use ngshare, which every user's server's token gets
NGSHARE_SCOPE = "access:services!service=ngshare"
LESSONS = "lessons"
# nbgrader on the hub: the course's id, its exchange in the hub's folder, the instructor's course folder
COURSE_ID = "backprop"
EXCHANGE = "exchange"
GRADING = "course-grading"
# on a cluster (environment/kubernetes): ngshare from its own Helm chart in the namespace "course", and
# the instructor's course folder in their home on their own volume
CLUSTER_NGSHARE = "http://ngshare.course.svc.cluster.local:8080/services/ngshare"
CLUSTER_GRADING = "/home/jovyan/" + GRADING
# what students' JupyterLab leaves out: nbgrader's instructor tools, and JupyterLab's question about news
STUDENT_DISABLED = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list")
EVERYONE_DISABLED = ("@jupyterlab/apputils-extension:announcements",)
# what holds the reference answers: the notebooks, git's copies of them, the site rendered from them
ANSWERS = ("notebooks", ".git", "target/site")


class ClassListError(Exception):
    pass


def _entries(path, what):
    """(line number, words) of each line of the file that is not blank or a comment."""
    path = Path(path)
    if not path.is_file():
        raise ClassListError(f"no {what} at {path}")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if text and not text.startswith("#"):
            yield number, text.split()


def _check_name(number, name, seen, problems):
    """Adds what is wrong with the login name on that line to problems, and the name to seen."""
    if not NAME.match(name):
        problems.append(f"line {number}: {name!r} is not a login name (lowercase letters, digits, - and _, "
                        "starting with a letter, at most 32)")
    elif name in seen:
        problems.append(f"line {number}: {name} is on the list twice")
    seen.add(name)


def _checked(path, what, entries, problems):
    if problems:
        raise ClassListError(f"the {what} {path} has mistakes (nobody was created):\n  " + "\n  ".join(problems))
    if not entries:
        raise ClassListError(f"the {what} {path} names no student")
    return entries


def read_class_list(path):
    """[(name, password hash)] from the class list; ClassListError naming every wrong line."""
    students, problems, seen = [], [], set()
    for number, parts in _entries(path, "class list"):
        if len(parts) != 2:
            problems.append(f"line {number}: write a login name and a password hash, e.g. ada $6$...  (got {' '.join(parts)!r})")
            continue
        name, hashed = parts
        _check_name(number, name, seen, problems)
        if not CRYPT.match(hashed):
            problems.append(f"line {number}: the password of {name} is not a crypt hash; make one with: openssl passwd -6")
        students.append((name, hashed))
    return _checked(path, "class list", students, problems)


def read_names(path):
    """[name] from a list of login names, one a line; ClassListError naming every wrong line."""
    names, problems, seen = [], [], set()
    for number, parts in _entries(path, "list of names"):
        if len(parts) != 1:
            problems.append(f"line {number}: write one login name a line (got {' '.join(parts)!r})")
            continue
        _check_name(number, parts[0], seen, problems)
        names.append(parts[0])
    return _checked(path, "list of names", names, problems)


def make_class_list(names_file, class_list):
    """A class list for the names: a new random password for each (returned, [(name, password)],
    for the instructor to hand out) and its SHA-512 crypt hash in the class list, which must not
    exist yet (it is never overwritten) and is written readable by its owner only."""
    names = read_names(names_file)
    class_list = Path(class_list)
    if class_list.exists():
        raise ClassListError(f"{class_list} exists already: nothing was written. Choose a new file name")
    passwords = [(name, new_password()) for name in names]
    lines = [f"{name} {crypt_hash(password)}\n" for name, password in passwords]
    with open(os.open(class_list, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
        out.write("# made by environment/classroom passwords: a login name and its password's hash a line\n")
        out.writelines(lines)
    return passwords


def new_password():
    """A random password easy to copy from paper: three groups of four letters and digits, none of
    them easy to take for another (no l, 1, o, 0), 60 bits."""
    letters = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(letters) for _ in range(4)) for _ in range(3))


def crypt_hash(password):
    """The password's SHA-512 crypt hash, as chpasswd --encrypted takes it (openssl passwd -6)."""
    return subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True,
                          check=True).stdout.strip()


def exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def create_accounts(students):
    """A system account per new student, with the password the list gives, and a private home.
    An account that exists is left as it is (its password too). Returns the names created."""
    created = []
    for name, hashed in students:
        if exists(name):
            continue
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
        subprocess.run(["chpasswd", "--encrypted"], input=f"{name}:{hashed}\n", text=True, check=True)
        created.append(name)
    for name, _ in students:
        Path(pwd.getpwnam(name).pw_dir).chmod(0o700)
    return created


def workspace_of(name):
    return Path(pwd.getpwnam(name).pw_dir) / WORKSPACE


def as_student(name, action):
    """action() run in a child process with the student's user, groups and home (so whatever it
    writes in their workspace and their Jupyter folders is theirs, and root follows none of their
    links); its result, a string."""
    account = pwd.getpwnam(name)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child: never returns
        code = 0
        try:
            os.close(read)
            os.initgroups(name, account.pw_gid)
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            os.environ["HOME"] = account.pw_dir   # their own Jupyter folders (the lessons' trust, say)
            for variable in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "XDG_DATA_HOME"):
                os.environ.pop(variable, None)
            said = action()
        except BaseException as e:  # whatever it is, the parent says it
            said, code = f"{type(e).__name__}: {e}", 1
        os.write(write, said.encode("utf-8"))
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        said = pipe.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise course_workspace.WorkspaceError(f"{name}'s workspace: {said}")
    return said


def hand_out(students, lesson):
    """The lesson's student copy into each student's workspace where it is not yet, written as the
    student and recorded in their workspace as a first login would; lines to tell. The reference is
    read here, as the instructor: students cannot read it."""
    original = course_workspace.lesson_notebook(lesson, course_notebooks.course_notebooks())
    reference = nbformat.read(original, as_version=4)
    given, kept, later = [], [], []
    for name, _ in students:
        workspace = workspace_of(name)
        if not workspace.is_dir():
            later.append(name)   # the first login makes the workspace, with every lesson
            continue
        added = as_student(name, lambda: "given" if course_workspace.add_lesson(original, workspace, reference) else "kept")
        (given if added == "given" else kept).append(name)
    said = [f"hand-out: {original.name} given to {len(given)} of {len(students)} students"
            + (f" ({', '.join(given)})" if given else "")]
    if kept:
        said.append("  had it already, left as it is: " + ", ".join(kept))
    if later:
        said.append("  not logged in yet (they get it at their first login): " + ", ".join(later))
    return said


def _instructor():
    """(uid, gid) of who asked: the instructor behind sudo, or the account running this."""
    return int(os.environ.get("SUDO_UID", os.getuid())), int(os.environ.get("SUDO_GID", os.getgid()))


def _private_folder(folder):
    """The folder made if missing, readable by the instructor only (a student's work is not their classmates')."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    os.chown(folder, *_instructor())


def collect(students, lesson, submissions):
    """Each student's notebook of the lesson copied to submissions/<student>/; lines to tell. Only a
    file of the student's own is taken: a link (to another student's notebook, say) is not. The copies
    are the instructor's (under sudo: the account that ran sudo), readable by them alone."""
    original = course_workspace.lesson_notebook(lesson)
    submissions = Path(submissions)
    if not submissions.exists():
        _private_folder(submissions)   # under sudo the instructor's, as the student folders in it
    got, missing, refused = [], [], []
    for name, _ in students:
        source = workspace_of(name) / original.name if exists(name) else None
        if source is not None and source.is_symlink():
            refused.append(name)
            continue
        try:
            handle = os.open(source, os.O_RDONLY | os.O_NOFOLLOW) if source else None
        except OSError:
            handle = None
        if handle is None:
            missing.append(name)
            continue
        with os.fdopen(handle, "rb") as file:
            facts = os.fstat(file.fileno())
            if not stat.S_ISREG(facts.st_mode) or facts.st_uid != pwd.getpwnam(name).pw_uid:
                refused.append(name)
                continue
            target = submissions / name / original.name
            _private_folder(target.parent)
            target.write_bytes(file.read())   # read only: the student's file stays as it is
            target.chmod(0o600)
            os.chown(target, *_instructor())
        got.append(name)
    said = [f"collect: {original.name} from {len(got)} of {len(students)} students into {submissions}/<student>/"]
    if missing:
        said.append("  missing: " + ", ".join(missing))
    if refused:
        said.append("  not collected, not a file of their own (a link, or someone else's): " + ", ".join(refused))
    return said


def hub_config(state, students, admin, ip, port, limits, inner, exchange="files"):
    """JupyterHub's configuration for the class, as Python (jupyterhub -f reads it). inner: the
    ports of the hub's API (the students' servers call it), of the proxy's API and of ngshare, all
    on 127.0.0.1. exchange: "files" (nbgrader's own) or "ngshare" (a hub service)."""
    jupyter_path = f"{state / 'jupyter'}:{ROOT / 'environment' / 'jupyter'}"
    names = sorted(name for name, _ in students)
    culler = [sys.executable, "-m", "jupyterhub_idle_culler", *limits.culler_args()]
    settings = lambda who: f"{state / 'nbgrader' / who}:{ROOT / 'environment' / 'nbgrader'}"
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
# account of its own and takes only tokens the hub lets use it: every user's server's (course_ngshare.py)
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
c.Spawner.cmd = ["{ROOT / 'environment' / 'classroom-server'}"]
c.Spawner.notebook_dir = "~/{WORKSPACE}"
c.Spawner.default_url = "/lab"
def instructor(spawner):
    # the instructor's JupyterLab opens their home (the formgrader works on a course folder inside the
    # server's folder only), with nbgrader's instructor settings: the formgrader and ~/{GRADING}
    if spawner.user.name == {admin!r}:
        spawner.notebook_dir = "~"
        spawner.environment = {{**spawner.environment, "JUPYTER_CONFIG_PATH": {settings("instructor")!r}}}
c.Spawner.pre_spawn_hook = instructor
# everyone's settings: nbgrader's (a student's: the assignment list) and the course's for the Java lessons
c.Spawner.environment = {{"JUPYTER_PATH": {jupyter_path!r}, "JUPYTER_CONFIG_PATH": {settings("student")!r},
                         "COURSE_KERNEL_JAVA_OPTIONS": {limits.java_options()!r},
                         "{course_workspace.LESSONS}": "{state / LESSONS}"}}
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
    again). 0 minutes: never. A kernel with its tab open is kept."""

    def __init__(self, heap="512m", cull_kernels=60.0, cull_servers=30.0):
        if not re.fullmatch(r"[1-9][0-9]*[mMgG]", heap):
            raise ValueError(f"--kernel-heap {heap!r}: write a size such as 512m or 1g")
        if cull_kernels < 0 or cull_servers < 0:
            raise ValueError("a culling time is minutes, 0 or more (0: never)")
        self.heap, self.cull_kernels, self.cull_servers = heap, cull_kernels, cull_servers

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


def write_lessons(folder):
    """The lessons the students' workspaces are made from: the student copies, hints kept (for
    environment/hint), answers left out; readable by everyone, written afresh at every start."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    for old in folder.glob("*.ipynb"):
        old.unlink()
    for original in course_notebooks.course_notebooks():
        copy = course_exercises.student_copy(nbformat.read(original, as_version=4), keep_hints=True)
        course_notebooks.write_atomically(copy, folder / original.name)
        (folder / original.name).chmod(0o644)


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
        instructor += (f"import sys\nsys.path.insert(0, {str(ROOT / 'src' / 'main' / 'python')!r})\n"
                       "c.ExchangeFactory.collect = 'course_exchange.OwnersCollect'   # a submission is its owner's\n")

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


def make_file_exchange(state, admin):
    """nbgrader's own exchange, state/exchange, where the instructor releases and students submit
    (nbgrader's modes keep each student's submission and feedback from the others); its folder."""
    exchange = state / EXCHANGE
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o1777)   # as nbgrader asks (everyone writes), sticky: nobody removes another's folder
    # the course's folders, made now as the instructor's with nbgrader's own modes: a student who made
    # them first would own them, and the instructor could neither release nor collect
    account = pwd.getpwnam(admin)
    for name, mode in (("", 0o755), ("outbound", 0o755), ("inbound", 0o2733), ("feedback", 0o711)):
        folder = exchange / COURSE_ID / name
        if folder.is_symlink() or (folder.exists() and folder.stat().st_uid != account.pw_uid):
            raise SystemExit(f"classroom: {folder} is not {admin}'s: remove it (a student may have made it) and start again")
        folder.mkdir(exist_ok=True)
        os.chown(folder, account.pw_uid, account.pw_gid)
        folder.chmod(mode)
    return exchange


def enrol_in_ngshare(state, admin, students):
    """ngshare's database in the hub's folder (state/ngshare, its account's alone), with the course and
    the class list enrolled (course_ngshare.py, run with ngshare's Python); what it said."""
    if not NGSHARE_PYTHON.exists():
        raise SystemExit("classroom: ngshare's environment (.venv-ngshare) is missing; environment/setup makes it (Python 3.11 or newer)")
    if not exists(NGSHARE_ACCOUNT):
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", NGSHARE_ACCOUNT], check=True)
    account = pwd.getpwnam(NGSHARE_ACCOUNT)
    folder = state / "ngshare"
    folder.mkdir(exist_ok=True)
    done = subprocess.run([str(NGSHARE_PYTHON), str(NGSHARE), "enrol", f"sqlite:///{folder / 'ngshare.db'}", COURSE_ID, admin,
                           *(name for name, _ in students)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"classroom: ngshare's course could not be made: {done.stderr[-2000:]}")
    for path in [folder, *folder.rglob("*")]:   # what enrol wrote as root, and what ngshare wrote before
        os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)
    return done.stdout.strip()


def write_grading_folder(admin):
    """The instructor's nbgrader course folder, ~/course-grading: each lesson, with its answers, as
    source/<lesson>/<lesson>.ipynb, where nbgrader's formgrader finds the assignments to release.
    Written as the instructor; a lesson already there is left as it is (their edits stay)."""
    lessons = {original.stem: original.read_bytes() for original in course_notebooks.course_notebooks()}   # read as root

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


def keep_private(paths):
    """Each existing path made readable by its owner only (group and others lose every right); the
    ones changed, to tell the instructor."""
    changed = []
    for path in paths:
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(path.stat().st_mode & 0o700)
            changed.append(str(path))
    return changed


def prepare_state(state, students, admin, ip, port, java_home, limits, exchange="files"):
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
    course_kernels.install(Path(java_home), state / "jupyter" / "kernels" / "java")
    config = state / "jupyterhub_config.py"
    config.write_text(hub_config(state, students, admin, ip, port, limits, inner_ports(state), exchange), encoding="utf-8")
    return config


def main(argv=None):
    parser = argparse.ArgumentParser(prog="environment/classroom", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a class list, creating nobody")
    check.add_argument("class_list")
    make = sub.add_parser("passwords", help="make a class list from a list of names, with a new password for each")
    make.add_argument("names", help="one login name a line")
    make.add_argument("class_list", help="the class list to write (a new file)")
    start = sub.add_parser("start", help="create the students' accounts and start JupyterHub")
    start.add_argument("class_list")
    start.add_argument("--admin", required=True, help="the instructor: a name on the class list")
    start.add_argument("--state", default=str(ROOT / "classroom"), help="the hub's folder (default: classroom/)")
    start.add_argument("--ip", default="127.0.0.1", help="127.0.0.1 (this machine only) or 0.0.0.0 (a room's network)")
    start.add_argument("--port", type=int, default=8000)
    start.add_argument("--kernel-heap", default="512m", help="each kernel's Java heap at most (default 512m; a lesson needs under 128m)")
    start.add_argument("--cull-kernels", type=float, default=60, metavar="MINUTES",
                       help="shut a kernel down after this long without running anything and no tab open (default 60; 0: never)")
    start.add_argument("--cull-servers", type=float, default=30, metavar="MINUTES",
                       help="stop a student's server after this long idle (jupyterhub-idle-culler; default 30; 0: never)")
    start.add_argument("--exchange", choices=("files", "ngshare"), default="files",
                       help="nbgrader's exchange: files (nbgrader's own, a folder in the hub's folder; the default) or ngshare "
                            "(a hub service, as on a cluster: environment/kubernetes)")
    start.add_argument("--java-home", required=True)
    cluster = sub.add_parser("cluster-settings", help="write nbgrader's settings for a cluster's image (ngshare, "
                             "environment/kubernetes): FOLDER/student and FOLDER/instructor")
    cluster.add_argument("folder")
    lessons = sub.add_parser("lessons", help="write the lessons students make their workspaces from (student copies, hints kept)")
    lessons.add_argument("folder")
    out = sub.add_parser("hand-out", help="put a lesson into every student's workspace (new files only)")
    out.add_argument("class_list")
    out.add_argument("lesson", help="its number (03) or its file's name without .ipynb")
    back = sub.add_parser("collect", help="copy every student's notebook of a lesson into a submissions folder")
    back.add_argument("class_list")
    back.add_argument("lesson")
    back.add_argument("submissions")
    args = parser.parse_args(argv)
    try:
        if args.command == "lessons":
            write_lessons(Path(args.folder))
            print(f"classroom: the lessons for students are in {args.folder} (set {course_workspace.LESSONS} to it)")
            return 0
        if args.command == "cluster-settings":
            write_settings(Path(args.folder), nbgrader_settings(("ngshare", CLUSTER_NGSHARE), CLUSTER_GRADING))
            print(f"classroom: nbgrader's settings for a cluster are in {args.folder}/student and {args.folder}/instructor")
            return 0
        if args.command == "passwords":
            passwords = make_class_list(args.names, args.class_list)
            print(f"# {len(passwords)} students: their login names and passwords, to hand out (only their hashes "
                  f"are in {args.class_list})")
            print("".join(f"{name} {password}\n" for name, password in passwords), end="")
            return 0
        students = read_class_list(args.class_list)
    except ClassListError as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 1
    if args.command == "check":
        print(f"classroom: {args.class_list} lists {len(students)} students: " + ", ".join(n for n, _ in students))
        return 0
    if args.command in ("hand-out", "collect"):
        try:
            said = hand_out(students, args.lesson) if args.command == "hand-out" \
                else collect(students, args.lesson, args.submissions)
        except course_workspace.WorkspaceError as e:
            print(f"classroom: {e}", file=sys.stderr)
            return 1
        print("\n".join(said))
        return 0
    if args.admin not in {name for name, _ in students}:
        print(f"classroom: the admin {args.admin} is not on the class list", file=sys.stderr)
        return 1
    try:
        limits = Limits(args.kernel_heap, args.cull_kernels, args.cull_servers)
    except ValueError as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 1
    created = create_accounts(students)
    print(f"classroom: {len(students)} students, {len(created)} accounts created"
          + (f" ({', '.join(created)})" if created else "") + "; homes are private")
    try:
        new = write_grading_folder(args.admin)
    except course_workspace.WorkspaceError as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 1
    print(f"classroom: nbgrader's course folder for {args.admin} is ~{args.admin}/{GRADING}"
          + (f" ({len(new)} lessons added to source/)" if new else ""), flush=True)
    config = prepare_state(Path(args.state).resolve(), students, args.admin, args.ip, args.port, args.java_home, limits,
                           args.exchange)
    private = keep_private([ROOT / name for name in ANSWERS] + [Path(args.class_list).resolve()])
    print("classroom: students make their workspaces from the student copies; the reference answers and the class "
          "list are readable by their owner only" + (f" (made so: {', '.join(private)})" if private else ""), flush=True)
    print(f"classroom: each kernel's heap at most {limits.heap}; " + limits.culling(), flush=True)
    print("classroom: nbgrader's exchange: " + ("ngshare, a hub service; every student on the class list takes the course"
                                                if args.exchange == "ngshare" else "files, in the hub's folder"), flush=True)
    print(f"classroom: JupyterHub at http://{args.ip}:{args.port}/ (admin: {args.admin})", flush=True)
    os.chdir(config.parent)
    os.umask(0o077)   # the hub's database, cookie secret and logs: the hub's own
    hub = Path(sys.executable).parent / "jupyterhub"   # the classroom's environment, .venv-nbgrader
    os.execv(hub, [str(hub), "-f", str(config)])


if __name__ == "__main__":
    sys.exit(main())
