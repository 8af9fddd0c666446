"""environment/classroom: the course served by JupyterHub for a class. A class list with a mistake
names its line and creates nobody; a real hub (JupyterHub 6 from the classroom's environment, PAM
logins on real system accounts made from the list, JupyterLab 4 for each student) lets each student in with
their own password only, gives them their
workspace with the lessons' exercises stubbed and the course's kernel, and keeps them out of each
other's files. Needs root (it makes system accounts); under CI it must run."""
import base64
import contextlib
import io
import json
import os
import pwd
import re
import secrets
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse
from pathlib import Path

import nbformat
import psutil  # Debian's python3-psutil (environment/setup installs it)

import hub_student
import test_support
from backprop_course.classroom import __main__ as classroom_command
from backprop_course.classroom import bounds, exchange, hub, nbgrader_settings, students
from backprop_course.classroom.bounds import StudentBounds
from backprop_course.classroom.lessons import hand_out
from backprop_course.grading import grade
from backprop_course.learner import hints, workspace
from backprop_course.notebooks import course_notebooks
from hub_student import crypt_hash
from jupyter_terminal import Terminal
from test_support import ROOT

REQUIRED = os.environ.get("CI", "").lower() == "true"
WHY_NOT = None if os.geteuid() == 0 and os.environ.get("NBGRADER_PYTHON") \
    else "needs root and the classroom's environment, .venv-nbgrader (environment/setup makes it; environment/test says where)"


class ClassList(unittest.TestCase):

    def test_a_class_list_with_mistakes_names_each_line_and_creates_nobody(self):
        name = "cls" + secrets.token_hex(3)
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "class.txt"
            listing.write_text(f"# the class\n{name} {crypt_hash('x')}\n\nAda {crypt_hash('y')}\n{name} {crypt_hash('z')}\n"
                               "bob secret\ncarol\n")
            with self.assertRaises(students.ClassListError) as raised:
                students.read_class_list(listing)
            said = str(raised.exception)
            for expected in ("line 4: 'Ada' is not a login name", f"line 5: {name} is on the list twice",
                             "line 6: the password of bob is not a crypt hash", "line 7: write a login name and a password hash",
                             "nobody was created"):
                self.assertIn(expected, said)
            with contextlib.redirect_stderr(io.StringIO()) as err:
                self.assertEqual(classroom_command.main(["start", str(listing), "--admin", name, "--java-home", "/nowhere"]), 1)
            self.assertIn("line 4:", err.getvalue(), "the instructor was not told")
            self.assertFalse(students.exists(name), "an account was made from a list with mistakes")

    def test_a_limit_that_is_not_one_is_refused_before_anybody_is_created(self):
        name = "cls" + secrets.token_hex(3)
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "class.txt"
            listing.write_text(f"{name} {crypt_hash('x')}\n")
            for option, value, said in (("--kernel-heap", "lots", "write a size such as 512m"),
                                        ("--cull-kernels", "-5", "0 or more"),
                                        ("--student-memory", "plenty", "write a size such as 2G"),
                                        ("--student-processes", "10", "64 at least"),
                                        ("--student-cpu", "0", "between 0.1 and")):
                with self.subTest(option), contextlib.redirect_stderr(io.StringIO()) as err:
                    code = classroom_command.main(["start", str(listing), "--admin", name, option, value, "--java-home", "/x"])
                    self.assertEqual(code, 1)
                    self.assertIn(said, err.getvalue())
            self.assertFalse(students.exists(name))


    def test_where_no_student_can_be_bounded_start_refuses_unless_the_instructor_accepts_it(self):
        name = "cls" + secrets.token_hex(3)
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "class.txt"
            listing.write_text(f"{name} {crypt_hash('x')}\n")
            cgroups = bounds.CGROUP_V1
            bounds.CGROUP_V1 = Path(tmp) / "no-cgroups"   # a machine without cgroup v1 controllers
            try:
                self.assertIsNone(bounds.mechanism())
                with contextlib.redirect_stderr(io.StringIO()) as err:
                    code = classroom_command.main(["start", str(listing), "--admin", name, "--java-home", "/x"])
            finally:
                bounds.CGROUP_V1 = cgroups
            self.assertEqual(code, 1)
            self.assertIn("a student's memory and CPU cannot be bounded here", err.getvalue())
            self.assertIn("--accept-unbounded-students", err.getvalue())
            self.assertFalse(students.exists(name), "an account was made")
        if os.geteuid() == 0 and Path("/sys/fs/cgroup/pids/cgroup.procs").is_file():
            self.assertEqual(bounds.mechanism(), "cgroup v1")


class Passwords(unittest.TestCase):

    def test_a_class_list_is_made_from_names_with_a_password_each_that_its_hash_checks(self):
        with tempfile.TemporaryDirectory() as tmp:
            names, listing = Path(tmp) / "names.txt", Path(tmp) / "class.txt"
            names.write_text("# the class\nada\n\nbob\n")
            run = subprocess.run([str(ROOT / "environment" / "classroom"), "passwords", str(names), str(listing)],
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            handed = dict(line.split() for line in run.stdout.splitlines() if not line.startswith("#"))
            self.assertEqual(sorted(handed), ["ada", "bob"])
            self.assertNotEqual(handed["ada"], handed["bob"])
            self.assertEqual(listing.stat().st_mode & 0o777, 0o600)
            for name, hashed in students.read_class_list(listing):
                salt = hashed.split("$")[2]
                again = subprocess.run(["openssl", "passwd", "-6", "-salt", salt, "-stdin"], input=handed[name],
                                       capture_output=True, text=True, check=True).stdout.strip()
                self.assertEqual(again, hashed, f"{name}'s password does not match its hash")
                self.assertNotIn(handed[name], listing.read_text(), "a password in the clear in the class list")

            before = listing.read_bytes()
            again = subprocess.run([str(ROOT / "environment" / "classroom"), "passwords", str(names), str(listing)],
                                   capture_output=True, text=True)
            self.assertEqual(again.returncode, 1)
            self.assertIn("exists already: nothing was written", again.stderr)
            self.assertEqual(listing.read_bytes(), before, "a class list was overwritten")

            names.write_text("ada\nAda Lovelace\nada\n")
            with self.assertRaises(students.ClassListError) as raised:
                students.make_class_list(names, Path(tmp) / "other.txt")
            self.assertIn("line 2: write one login name a line (got 'Ada Lovelace')", str(raised.exception))
            self.assertIn("line 3: ada is on the list twice", str(raised.exception))
            self.assertFalse((Path(tmp) / "other.txt").exists())


class KubernetesSettings(unittest.TestCase):
    """The cluster's settings say what environment/classroom does on one machine (not run here:
    this machine has no cluster, and no registry to pull Debian's image from)."""

    def test_the_cluster_runs_the_classroom_server_with_the_same_limits(self):
        import yaml  # PyYAML, in the course's .venv
        kubernetes = ROOT / "environment" / "kubernetes"
        singleuser = yaml.safe_load((kubernetes / "values.yaml").read_text())["singleuser"]
        course = "/opt/backprop-course"
        dockerfile = (kubernetes / "Dockerfile").read_text()
        self.assertIn(f"COPY . {course}\n", dockerfile)
        self.assertIn("RUN environment/setup", dockerfile)
        self.assertIn(f'CMD ["{course}/environment/classroom-server"]', dockerfile)
        # the answers stay the instructor's: students' lessons from the student copies, the reference root's alone
        self.assertIn(f"-m backprop_course.classroom lessons {course}/lessons", dockerfile)
        self.assertIn("chmod 700 notebooks", dockerfile)
        self.assertIn(f"ENV {workspace.LESSONS}={course}/lessons", dockerfile)
        self.assertIn(".git", (kubernetes / "Dockerfile.dockerignore").read_text().split())
        limits = hub.Limits()
        self.assertEqual(singleuser["cmd"], [f"{course}/environment/classroom-server", *limits.server_args()])
        self.assertEqual(singleuser["extraEnv"]["COURSE_KERNEL_JAVA_OPTIONS"], limits.java_options())
        self.assertEqual(singleuser["defaultUrl"], "/lab")
        # no notebookDir: the pod's JupyterLab shows the home, and the workspace is a folder in it
        self.assertNotIn("notebookDir", singleuser)
        self.assertEqual(singleuser["extraEnv"]["COURSE_FIRST_PAGE"],
                         hub.FIRST_PAGE.replace("/lab/tree/", f"/lab/tree/{students.WORKSPACE}/"))
        hub_values = yaml.safe_load((kubernetes / "values.yaml").read_text())["hub"]
        self.assertIn('if k != "COURSE_FIRST_PAGE"', hub_values["extraConfig"]["instructor.py"], "the instructor's first page")
        cull = yaml.safe_load((kubernetes / "values.yaml").read_text())["cull"]   # the hub's jupyterhub-idle-culler
        self.assertEqual([f"--timeout={cull['timeout']}", f"--cull-every={cull['every']}"], limits.culler_args())
        self.assertEqual(singleuser["uid"], 1000)
        self.assertIn("useradd --create-home --uid 1000", dockerfile)
        # a student's pod bounded as a student's server on one machine
        bounds = StudentBounds()
        quantity = re.fullmatch(r"(\d+)(Mi|Gi|M|G)", str(singleuser["memory"]["limit"]))
        self.assertIsNotNone(quantity, singleuser["memory"]["limit"])
        scale = {"M": 10**6, "G": 10**9, "Mi": 1 << 20, "Gi": 1 << 30}[quantity.group(2)]
        self.assertEqual(int(quantity.group(1)) * scale, bounds.memory_bytes)
        self.assertEqual(float(singleuser["cpu"]["limit"]), bounds.cpu)

    def test_the_cluster_gives_students_and_the_instructor_nbgraders_settings_with_ngshare(self):
        import yaml
        kubernetes = ROOT / "environment" / "kubernetes"
        values = yaml.safe_load((kubernetes / "values.yaml").read_text())
        folder = "/opt/backprop-course/nbgrader-settings"
        self.assertIn(f"-m backprop_course.classroom cluster-settings {folder} ", (kubernetes / "Dockerfile").read_text())
        course_config = "/opt/backprop-course/environment/nbgrader"
        self.assertEqual(values["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"], f"{folder}/student:{course_config}")
        [admin] = values["hub"]["loadRoles"]["instructor"]["users"]
        self.assertNotIn("admin_users", values["hub"]["config"]["Authenticator"])
        self.assertNotIn("access:servers", values["hub"]["loadRoles"]["instructor"]["scopes"], "the instructor may open a student's server")
        hook = values["hub"]["extraConfig"]["instructor.py"]
        self.assertIn(f'spawner.user.name == "{admin}"', hook)
        self.assertIn(f'"{folder}/instructor:{course_config}"', hook.replace("\n", "").replace(" ", ""))
        # the hub's ngshare service is where the image's settings send nbgrader's exchange
        url = values["hub"]["services"]["ngshare"]["url"]
        self.assertEqual(url + "/services/ngshare", nbgrader_settings.CLUSTER_NGSHARE)
        [rule] = values["singleuser"]["networkPolicy"]["egress"]   # students reach ngshare's pods at its port, no more
        self.assertEqual(rule["ports"], [{"port": int(url.rsplit(":", 1)[1])}])
        self.assertNotIn("egressAllowRules", values["singleuser"]["networkPolicy"])
        with tempfile.TemporaryDirectory() as tmp:
            with contextlib.redirect_stdout(io.StringIO()):
                classroom_command.main(["cluster-settings", tmp])
            student = (Path(tmp) / "student" / "nbgrader_config.py").read_text()
            self.assertIn(f"configureExchange(c, {nbgrader_settings.CLUSTER_NGSHARE!r})", student)
            disabled = json.loads((Path(tmp) / "student" / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
            self.assertTrue(all(disabled.get(name) for name in nbgrader_settings.STUDENT_DISABLED), "a student has the instructor's tools")
            instructor = (Path(tmp) / "instructor" / "nbgrader_config.py").read_text()
            self.assertIn(f"c.CourseDirectory.root = {nbgrader_settings.CLUSTER_GRADING!r}", instructor)
            self.assertIn(values["singleuser"]["storage"]["homeMountPath"], nbgrader_settings.CLUSTER_GRADING,
                          "the course folder on the instructor's volume")
            self.assertIn(f"create_course {nbgrader_settings.COURSE_ID} {admin}", (kubernetes / "values.yaml").read_text())
            self.assertIn(f"'ngshare.admins={{{admin}}}'", (kubernetes / "values.yaml").read_text())


@unittest.skipIf(not exchange.NGSHARE_PYTHON.exists() and not REQUIRED,
                 "needs ngshare's environment, .venv-ngshare (environment/setup makes it)")
class NgshareEnrolment(unittest.TestCase):

    def test_the_instructor_of_the_last_start_alone_teaches_and_no_student_is_dropped(self):
        import sqlite3
        with tempfile.TemporaryDirectory() as tmp:
            database = Path(tmp) / "ngshare.db"

            def enrol(instructor, *students):
                done = subprocess.run([str(exchange.NGSHARE_PYTHON), str(exchange.NGSHARE), "enrol",
                                       f"sqlite:///{database}", "backprop", instructor, *students], capture_output=True, text=True)
                self.assertEqual(done.returncode, 0, done.stderr[-2000:])
                with contextlib.closing(sqlite3.connect(database)) as db:
                    return [sorted(name for (name,) in db.execute(f"SELECT left_id FROM {table} WHERE right_id = 'backprop'"))
                            for table in ("instructor_assoc_table", "student_assoc_table")]

            self.assertEqual(enrol("ann", "ann", "bob", "cy"), [["ann"], ["bob", "cy"]])
            # the next term: dee teaches, ann stays on the list as a student, cy has left
            self.assertEqual(enrol("dee", "ann", "bob", "dee"), [["dee"], ["ann", "bob", "cy"]])


class Hub:
    """A test class on a real hub (hub_student.ClassOnHub) of `size` students with these options."""

    size, options = 2, ()

    @classmethod
    def setUpClass(cls):
        # the hub makes the clone its owner's alone: tests in other groups that need it readable wait
        # (a class cleanup runs after tearDownClass, and also when setUpClass fails)
        locked = test_support.clone_readable(by_others=False)
        locked.__enter__()
        cls.addClassCleanup(locked.__exit__, None, None, None)
        cls.hub = hub_student.ClassOnHub(ROOT, cls.size, cls.options)
        cls.students, cls.names, cls.base = cls.hub.students, cls.hub.names, cls.hub.base

    @classmethod
    def tearDownClass(cls):
        cls.hub.close()
        if cls.hub.left:
            raise AssertionError("the class left on the machine: " + "; ".join(cls.hub.left))

    def student(self, name):
        """The student logged in, with their server running (started through the hub's REST API)."""
        student = self.hub.student(name)
        self.assertTrue(student.log_in(), f"{name} could not log in: " + self.hub.log())
        try:
            student.start_server()
        except hub_student.HubError as e:
            raise AssertionError(f"{e}; the hub's log ends:\n{self.hub.log()}") from e
        return student

    def processes(self, name, marker):
        """The student's processes whose command line has the marker."""
        return [p for p in psutil.process_iter(["username", "cmdline"])
                if p.info["username"] == name and any(marker in part for part in p.info["cmdline"] or ())]


def command_line(process):
    """The process's command line, joined; "" for one that has ended (a zombie its parent has not reaped yet,
    such as a student's server the hub has just stopped, has none)."""
    try:
        return " ".join(process.cmdline())
    except psutil.Error:   # NoSuchProcess, ZombieProcess
        return ""


# a student's process bomb, bounded: sleeping children until a fork is refused, held for 15 s, then ended
PROCESS_BOMB = """import os, signal, time
children = []
try:
    for n in range(5000):
        child = os.fork()
        if child == 0:
            time.sleep(600)
            os._exit(0)
        children.append(child)
except OSError as e:
    print(f"stopped after {len(children)} processes: {e.strerror}", flush=True)
time.sleep(15)
for child in children:
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
print("ended them", flush=True)
"""


@unittest.skipIf(WHY_NOT and not REQUIRED, WHY_NOT)
class Classroom(Hub, unittest.TestCase):
    # small bounds for the bombs below, so that a bound that failed could never take the machine down
    options = ("--kernel-heap", "256m", "--student-memory", "1G", "--student-processes", "200", "--student-cpu", "1")

    def terminal(self, student):
        """A new terminal of the student's JupyterLab (Jupyter's terminal API, as the Terminal tab uses it)."""
        made = student.server_api("POST", "/terminals")
        self.assertEqual(made.status_code, 200, made.text[-1000:])
        cookies = "; ".join(f"{c.name}={c.value}" for c in student.http.cookies)
        return Terminal(student.user + "/", made.json()["name"], headers=[f"Cookie: {cookies}"])

    def test_a_students_process_memory_and_thread_bombs_stop_at_their_bounds_and_a_classmate_runs_on(self):
        """Student A, from their own terminal, starts processes without end, allocates twice their memory,
        and from their Java kernel starts threads without end; each stops at A's bound, A is told, A's
        workspace is intact, and student B's kernel answers throughout."""
        second, first = self.names   # a student bombs (the instructor, names[0], is the classmate)
        bombing, classmate = self.student(first), self.student(second)
        [server] = self.processes(first, "classroom-server") or self.processes(first, "jupyterhub-singleuser")
        # the bounds are in place before anything is thrown at them
        limits = Path(f"/proc/{server.pid}/limits").read_text()
        self.assertRegex(limits, r"Max processes\s+200\s+200", "no RLIMIT_NPROC on the student's server")
        groups = dict(line.split(":", 2)[1:] for line in Path(f"/proc/{server.pid}/cgroup").read_text().splitlines())
        cgroup = Path("/sys/fs/cgroup")
        self.assertEqual(int((cgroup / "memory" / groups["memory"].lstrip("/") / "memory.limit_in_bytes").read_text()), 1 << 30)
        self.assertEqual((cgroup / "pids" / groups["pids"].lstrip("/") / "pids.max").read_text().strip(), "200")
        self.assertTrue(groups["pids"].endswith("/" + first), groups)
        workspace = {p.name: p.read_bytes() for p in (Path(pwd.getpwnam(first).pw_dir) / "course-workspace").glob("*.ipynb")}
        theirs = classmate.kernel(classmate.start_kernel()).connect()
        terminal = self.terminal(bombing)
        try:
            self.assertEqual(theirs.run("6 * 7"), ("ok", "42"))
            # a process bomb, bounded by the test at 5,000 sleeping processes: the first fork refused ends it; it
            # holds what it has for 15 s, then ends its processes
            home = Path(pwd.getpwnam(first).pw_dir)
            (home / "bomb.py").write_text(PROCESS_BOMB)
            said = terminal.typed("python3 ~/bomb.py", r"stopped after \d+ processes")
            self.assertIn("Resource temporarily unavailable", said, "the student is not told why")
            current = cgroup / "pids" / groups["pids"].lstrip("/") / "pids.current"
            self.assertLessEqual(int(current.read_text()), 200)
            self.assertEqual(theirs.run("6 * 7", seconds=60), ("ok", "42"), "the classmate's kernel stopped answering")
            terminal.typed("", r"ended them", seconds=60)
            # a memory bomb: twice the bound, every page written
            said = terminal.typed("python3 -c 'x = bytearray(b\"x\") * (2 << 30)'; echo exit=$?", r"exit=\d+")
            self.assertIn("Killed", said, "the student is not told their program was killed")
            self.assertIn("exit=137", said)
            self.assertEqual(theirs.run("6 * 7", seconds=60), ("ok", "42"), "the classmate's kernel stopped answering")
            self.assertIsNotNone(bombing.contents(), "the memory bomb took the student's server down: " + self.hub.log())
            # a thread bomb from the student's own Java kernel
            mine = bombing.kernel(bombing.start_kernel()).connect()
            try:
                status, text = mine.run("var sleepers = new java.util.ArrayList<Thread>();\n"
                                        "for (int i = 0; i < 5000; i++) { Thread t = new Thread(() -> { try { Thread.sleep(600_000); }"
                                        " catch (InterruptedException e) { } }); t.setDaemon(true); t.start(); sleepers.add(t); }",
                                        seconds=120)
                self.assertEqual(status, "error", text)
                self.assertIn("the cell started more threads than may run at once", text)
                # the first kernel since the memory bomb says the server reached its bound (once)
                self.assertIn("your server used all the memory it may use (1024 MiB)", text)
                self.assertNotIn("memory it may use", mine.run("1 + 1")[1], "said more than once")
            finally:
                mine.close()
                bombing.server_api("DELETE", f"/kernels/{mine.id}")   # its sleeping threads go with it
            self.assertEqual(theirs.run("6 * 7", seconds=60), ("ok", "42"), "the classmate's kernel stopped answering")
        finally:
            terminal.close()
            theirs.close()
        self.assertIsNotNone(bombing.contents(), "the student's server went down with their bombs")
        self.assertEqual({p.name: p.read_bytes() for p in (Path(pwd.getpwnam(first).pw_dir) / "course-workspace").glob("*.ipynb")},
                         workspace, "the student's workspace changed")
        # the student cannot raise their bound: not in a new terminal with ulimit
        again = self.terminal(bombing)
        try:
            said = again.typed("ulimit -u 100000; echo exit=$?", r"exit=\d+")
            self.assertNotIn("exit=0", said)
        finally:
            again.close()

    def test_a_student_logs_in_with_their_own_password_only_and_gets_their_workspace(self):
        name = self.names[1]
        refused = hub_student.Student(self.base, name, "not-" + self.students[name])
        self.assertFalse(refused.log_in(), "a wrong password let them in")
        student = self.student(name)
        listing = student.contents()
        self.assertEqual(sorted(c["name"] for c in listing["content"] if c["name"].endswith(".ipynb")),
                         [p.name for p in course_notebooks()])
        lesson = student.contents(course_notebooks()[3].name)
        self.assertIn("your code goes here", str(lesson["content"]), "the exercises are not stubbed")
        specs = student.server_api("GET", "/kernelspecs").json()
        self.assertEqual(specs["kernelspecs"]["java"]["spec"]["argv"][1], "{resource_dir}/launch", "the course's kernel")
        home = Path(pwd.getpwnam(name).pw_dir)
        self.assertEqual((home / "course-workspace" / ".course-root").read_text().strip(), str(ROOT))
        self.assertEqual(os.stat(home / "course-workspace").st_uid, pwd.getpwnam(name).pw_uid, "the workspace is the student's")

    def test_a_lesson_launched_from_the_book_opens_in_the_students_workspace_with_their_work(self):
        """The address a lesson page's launch button carries (book.launch.url; test_site checks every lesson
        page has it), opened in Chromium by a student who is not logged in and whose server is not running:
        the hub's login form, their server started, then JupyterLab on that lesson, their own copy as they
        left it (a line they wrote is there, on the page and on disk)."""
        from selenium.webdriver.common.by import By

        import browser
        from backprop_course.book import launch
        from test_lab_app import SCREENSHOTS

        name = self.names[1]
        student = self.student(name)
        lesson = course_notebooks()[3].name
        mine = "// mine: written before the launch"
        model = student.contents(lesson)
        code = next(c for c in model["content"]["cells"] if c["cell_type"] == "code")
        code["source"] = mine + "\n" + code["source"]
        saved = student.server_api("PUT", f"/contents/{lesson}", json={"type": "notebook", "content": model["content"]})
        self.assertEqual(saved.status_code, 200, saved.text[-500:])
        on_disk = Path(pwd.getpwnam(name).pw_dir) / "course-workspace" / lesson
        written = on_disk.read_bytes()
        self.assertIn(mine, written.decode())
        stopped = student.hub_api("DELETE", f"/users/{name}/server")
        self.assertIn(stopped.status_code, (202, 204), stopped.text[-500:])
        deadline = time.monotonic() + 60
        while (student.hub_api("GET", f"/users/{name}").json().get("servers") or {}).get(""):
            self.assertLess(time.monotonic(), deadline, "the student's server did not stop")
            time.sleep(0.5)

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as profile:
            driver = browser.start(profile, 1280)
            try:
                driver.get(launch.url(self.base, "", lesson))
                self.assertIn("/hub/login", driver.current_url, "the launch did not ask a reader who is not logged in to log in")
                driver.find_element(By.ID, "username_input").send_keys(name)
                driver.find_element(By.ID, "password_input").send_keys(self.students[name])
                driver.find_element(By.ID, "login_submit").click()
                shown = """const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');
                  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
                  return tab && notebook && [tab.innerText.trim(), notebook.innerText];"""
                deadline, found = time.monotonic() + 180, None
                while time.monotonic() < deadline and not (found and mine in found[1]):
                    found = driver.execute_script(shown)
                    time.sleep(0.5)
                driver.save_screenshot(str(SCREENSHOTS / "hub-launched-lesson.png"))
                self.assertIsNotNone(found, f"no notebook open at {driver.current_url} (target/lab-screenshots/hub-launched-lesson.png)")
                self.assertEqual(urllib.parse.urlsplit(driver.current_url).path, f"/user/{name}/lab/tree/{lesson}")
                self.assertEqual(found[0], lesson, "the lesson's tab is not the one in front")
                self.assertIn(mine, found[1], "the student's own line is not in the lesson opened")
            finally:
                driver.quit()
                # the student's server as the other tests expect it: no kernel (JupyterLab started one for the lesson)
                again = self.hub.student(name)
                if again.log_in():
                    for session in again.server_api("GET", "/sessions").json():
                        again.server_api("DELETE", f"/sessions/{session['id']}")
                    self.assertEqual(again.kernels(), [], "the lesson's kernel is still running")
        self.assertEqual(on_disk.read_bytes(), written, "opening the lesson changed the student's file")

    def test_a_student_cannot_reach_another_students_files(self):
        first, second = self.names
        first_home = Path(pwd.getpwnam(first).pw_dir)
        self.assertEqual(first_home.stat().st_mode & 0o777, 0o700)
        peek = subprocess.run(["runuser", "-u", second, "--", "ls", str(first_home)], capture_output=True, text=True)
        self.assertNotEqual(peek.returncode, 0)
        self.assertIn("Permission denied", peek.stderr)
        student = self.student(second)
        other = student.http.get(f"{self.base}/user/{first}/api/contents", timeout=30)
        self.assertNotEqual(other.status_code, 200, f"{second} read {first}'s workspace through the hub")
        instructor = self.student(first)   # the admin: may open a student's server, to help
        page = instructor.http.get(f"{self.base}/user/{second}/tree", timeout=30)   # that server's own login (OAuth)
        self.assertIn("Authorize access", page.text, "the hub did not ask the instructor first")
        form = {"scopes": re.findall(r'name="scopes" value="([^"]*)"', page.text), "_xsrf": hub_student.form_xsrf(page.text)}
        instructor.http.post(page.url, data=form, headers={"Referer": page.url}, timeout=30)   # the instructor presses Authorize
        theirs = instructor.http.get(f"{self.base}/user/{second}/api/contents", timeout=30)
        self.assertEqual(theirs.status_code, 200, "the instructor cannot open a student's server")
        self.assertIn(course_notebooks()[0].name, [c["name"] for c in theirs.json()["content"]])

    def test_the_answers_and_the_class_list_stay_the_instructors(self):
        """From their own kernel a student reads no reference solution, no git copy of one, no class list
        and no classmate's workspace; their terminal's hint works and its --solution says why not."""
        first, second = self.names
        lesson = course_notebooks()[4].name
        student = self.student(second)
        kernel = student.kernel(student.start_kernel())
        try:
            for what, path in {"a reference solution": ROOT / "notebooks" / lesson, "git's copy of it": ROOT / ".git" / "HEAD",
                               "the class list": self.hub.tmp / "class.txt",
                               "a classmate's lesson": Path(pwd.getpwnam(first).pw_dir) / "course-workspace" / lesson}.items():
                status, text = kernel.run(f'try {{ java.nio.file.Files.readAllBytes(java.nio.file.Path.of("{path}")); '
                                          f'System.out.println("read it"); }} '
                                          'catch (java.io.IOException e) { System.out.println("refused"); }')
                self.assertEqual((status, text.strip()), ("ok", "refused"), f"{what}, {path}")
            status, text = kernel.run('System.out.println(java.nio.file.Files.exists(java.nio.file.Path.of('
                                      f'"{ROOT / "target" / "backprop-course.jar"}")));')
            self.assertEqual(text.strip(), "true", "the course library stays readable")
        finally:
            kernel.close()
        # their own terminal on the hub (Jupyter's terminal API, as JupyterLab's Terminal tab uses it): hint
        # and progress by their bare names, on their workspace; the answers refused
        self.assertEqual(student.server_api("GET", "/kernelspecs").json()["default"], "java", "the course's kernel first in their Launcher")
        made = student.server_api("POST", "/terminals")
        self.assertEqual(made.status_code, 200, made.text[-1000:])
        name = made.json()["name"]
        cookies = "; ".join(f"{c.name}={c.value}" for c in student.http.cookies)
        terminal = Terminal(student.user + "/", name, headers=[f"Cookie: {cookies}"])
        try:
            here = re.search(r"folder=(/\S+)", terminal.typed('echo "folder=$(pwd) as $(whoami)"', r"folder=/\S+ as \w")).group(0)
            self.assertEqual(here, f"folder={pwd.getpwnam(second).pw_dir}", "the terminal opens in their home, their JupyterLab's folder")
            said = terminal.typed(f"hint {lesson[:2]} 1", rf"the next hint: hint {lesson[:2]} 1 2")
            self.assertIn(hints.hint(lesson[:2], 1, originals=course_notebooks())[0], " ".join(said.split()))
            said = terminal.typed(f"hint {lesson[:2]} 1 --solution; echo exit=$?", r"exit=\d")
            self.assertIn("the reference answers stay with your instructor", said)
            self.assertNotIn("exit=0", said)
            self.assertNotIn("BEGIN SOLUTION", said)
            # their own progress runs their own lessons, from their workspace, with the course's kernel
            said = terminal.typed(f"progress {lesson[:2]}; echo exit=$?", r"exit=\d")
            self.assertIn("exit=0", said)
            self.assertRegex(said, rf"{Path(lesson).stem}: 0 of 2 exercises pass\r?\n")
            self.assertEqual(said.count(": not done yet: "), 2, "the checks ran against the stubs: " + said)
        finally:
            terminal.close()
            student.server_api("DELETE", f"/terminals/{name}")

    def test_a_kernel_out_of_memory_or_killed_troubles_no_other_student(self):
        first, second = (self.student(name) for name in self.names)
        mine, theirs = (s.kernel(s.start_kernel()) for s in (first, second))
        try:
            status, text = mine.run("System.out.println(Runtime.getRuntime().maxMemory() / (1024 * 1024));")
            self.assertLessEqual(int(text), 256, "the kernel's heap is not bounded by --kernel-heap")
            hoarding = threading.Thread(target=lambda: setattr(self, "hoarded", mine.run(
                "var hoard = new java.util.ArrayList<long[]>();\nwhile (true) hoard.add(new long[1_000_000]);")))
            hoarding.start()
            self.assertEqual(theirs.run("java.util.stream.LongStream.rangeClosed(1, 1000).sum()"), ("ok", "500500"))
            hoarding.join(120)
            status, text = self.hoarded
            self.assertEqual(status, "error")
            self.assertIn("OutOfMemoryError", text)
            self.assertIn("the cell needed more memory than the kernel has", text)
            self.assertEqual(mine.run("hoard = null;\n1 + 1"), ("ok", "2"), "the kernel did not recover from running out of memory")

            [jvm] = self.processes(first.name, f"kernel-{mine.id}")   # its connection file
            self.assertIn("-Xmx256m", jvm.cmdline())
            jvm.kill()   # a kernel that dies
            jvm.wait(30)
            self.assertEqual(theirs.run("2 * 21"), ("ok", "42"), "another student's kernel was troubled")
            self.assertIsNotNone(first.contents(), "the student's server went with their kernel")
        finally:
            mine.close()
            theirs.close()

    def test_a_hub_restart_keeps_the_workspaces_and_the_running_servers_and_kernels(self):
        student = self.student(self.names[0])
        kernel = student.kernel(student.start_kernel())
        self.assertEqual(kernel.run("int kept = 7;"), ("ok", ""))
        kernel.close()
        [server] = self.processes(student.name, "jupyterhub-singleuser")
        workspace = sorted(c["name"] for c in student.contents()["content"])
        # the hub's helpers, each in a session of its own: the proxy, the idle culler
        helpers = [p for p in psutil.Process(self.hub.hub.pid).children(recursive=True) if p.username() not in self.students]
        self.assertTrue(any("configurable-http-proxy" in command_line(p) for p in helpers), helpers)
        self.assertTrue(any("jupyterhub_idle_culler" in command_line(p) for p in helpers), helpers)
        self.hub.stop_hub()
        self.assertTrue(server.is_running(), "stopping the hub stopped a student's server")
        left = [p for p in helpers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        self.assertEqual(left, [], "the stopped hub left its helpers running")
        self.hub.start_hub()
        self.assertEqual(sorted(c["name"] for c in student.contents()["content"]), workspace)
        self.assertEqual(self.processes(student.name, "jupyterhub-singleuser"), [server], "the server was started again")
        again = student.kernel(kernel.id)
        try:
            self.assertEqual(again.run("kept"), ("ok", "7"), "the kernel lost what the student had run")
        finally:
            again.close()
        self.assertTrue(self.student(self.names[1]).contents(), "a student's server after the restart")

    def test_the_servers_cull_idle_kernels_and_the_hub_runs_the_culler_for_idle_servers(self):
        student = self.student(self.names[1])
        [server] = self.processes(student.name, "jupyterhub-singleuser")
        self.assertIn("--MappingKernelManager.cull_idle_timeout=3600", server.cmdline())   # the default: 60 minutes
        hub = psutil.Process(self.hub.hub.pid)
        [culler] = [p for p in hub.children(recursive=True) if "jupyterhub_idle_culler" in command_line(p)]
        self.assertIn("--timeout=1800", culler.cmdline())   # the default: 30 minutes

    def test_hand_out_collect_and_grade(self):
        for name in self.names:   # both have logged in once: their workspaces exist
            self.student(name)
        first, second = self.names
        lessons = course_notebooks()
        newest, first_lesson, second_lesson = lessons[-1].name, lessons[1].name, lessons[2].name
        mine = Path(pwd.getpwnam(first).pw_dir) / "course-workspace"
        (mine / newest).unlink()   # as if the lesson were new
        record = json.loads((mine / workspace.RECORD).read_text())
        del record["lessons"][newest]
        (mine / workspace.RECORD).write_text(json.dumps(record))
        theirs = Path(pwd.getpwnam(second).pw_dir) / "course-workspace"
        before = (theirs / newest).read_bytes()
        listing = self.hub.tmp / "class.txt"
        said = hand_out(students.read_class_list(listing), newest[:2])
        self.assertEqual(said, [f"hand-out: {newest} given to 1 of 2 students ({first})",
                                f"  had it already, left as it is: {second}"])
        self.assertEqual((mine / newest).stat().st_uid, pwd.getpwnam(first).pw_uid)
        handed = (mine / newest).read_text()
        self.assertIn("your code goes here", handed)
        code = "\n".join(c.source for c in nbformat.read(mine / newest, as_version=4).cells if c.cell_type == "code")
        jar = re.search(r"%classpath (\S+)", code).group(1)
        self.assertTrue((mine / jar).resolve().samefile(ROOT / "target" / "backprop-course.jar"),
                        "the handed-out lesson does not find the course library from the workspace")
        self.assertIn(newest, json.loads((mine / workspace.RECORD).read_text())["lessons"], "not recorded")
        from nbformat.sign import NotebookNotary
        notary = NotebookNotary(data_dir=str(Path(pwd.getpwnam(first).pw_dir) / ".local" / "share" / "jupyter"))
        self.assertTrue(notary.check_signature(nbformat.read(mine / newest, as_version=4)),
                        "the handed-out lesson is trusted in the student's own Jupyter")
        self.assertEqual((theirs / newest).read_bytes(), before, "a student's own notebook was touched")

        (theirs / first_lesson).unlink()   # never handed in
        (theirs / second_lesson).unlink()
        (theirs / second_lesson).symlink_to(mine / second_lesson)   # another's work, as theirs
        submissions = self.hub.tmp / "submissions"
        for lesson, said in ((first_lesson, f"  missing: {second}"),
                             (second_lesson, f"  not collected, not a file of their own (a link, or someone else's): {second}")):
            run = subprocess.run([str(ROOT / "environment" / "classroom"), "collect", str(listing), lesson[:2],
                                  str(submissions)], capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(run.stdout.splitlines(), [
                f"collect: {lesson} from 1 of 2 students into {submissions}/<student>/", said])
        self.assertFalse((submissions / second).exists())
        self.assertEqual((submissions / first).stat().st_mode & 0o777, 0o700, "a submission is the instructor's alone")
        peek = subprocess.run(["runuser", "-u", second, "--", "cat", str(submissions / first / first_lesson)],
                              capture_output=True, text=True)
        self.assertNotEqual(peek.returncode, 0, "a student read a classmate's submission")
        graded = subprocess.run([str(ROOT / "environment" / "grade"), str(submissions)], capture_output=True, text=True,
                                cwd=self.hub.tmp)   # grade writes grades.csv where it runs
        self.assertEqual(graded.returncode, 0, graded.stderr)
        self.assertRegex(graded.stdout, rf"{first}\s+{first_lesson}\s+0/2\s+graded")


@unittest.skipIf(WHY_NOT and not REQUIRED, WHY_NOT)
class AssignmentCycle(Hub, unittest.TestCase):
    """nbgrader's whole cycle on the hub with real accounts, each step through the JupyterLab extension's
    own requests: the instructor (the admin) releases lesson 03 from the formgrader, two students fetch it
    from their assignment list, one answers both exercises right, one gets a step's sign wrong, both
    submit; the instructor collects, autogrades, makes and releases feedback; each student fetches their
    own, and reads nobody else's."""
    size, browser, regrade = 3, True, True

    def test_release_fetch_submit_collect_autograde_and_feedback(self):
        from test_nbgrader import PEEK, answered, reference_answers, with_a_peek
        teacher, good, bad = self.names
        lesson = course_notebooks()[3]
        assignment, course = lesson.stem, nbgrader_settings.COURSE_ID
        home = {name: Path(pwd.getpwnam(name).pw_dir) for name in self.names}
        instructor = self.student(teacher)

        def formgrader(step, what=assignment):
            answer = instructor.server("POST", f"/formgrader/api/{what}/{step}", seconds=900)
            self.assertEqual(answer.status_code, 200, answer.text[-2000:])
            self.assertTrue(answer.json().get("success"), f"{step}: " + answer.text[-3000:])

        self.assertTrue((home[teacher] / "course-grading" / "source" / assignment / lesson.name).is_file())
        formgrader("assign", f"assignment/{assignment}")     # Generate
        formgrader("release", f"assignment/{assignment}")    # Release
        right = reference_answers(nbformat.read(lesson, as_version=4))
        wrong = {**right, "ex2-step-solution": "return b3 + net.dSSRdb3(b3) * learningRate;"}   # the sign of the step
        for name, answers in ((good, right), (bad, wrong)):
            student = self.student(name)
            self.assertEqual(student.server("GET", "/formgrader/api/status").status_code, 404, "a student has the formgrader")
            fetched = student.server("POST", "/assignments/fetch", data={"course_id": course, "assignment_id": assignment})
            self.assertEqual(fetched.status_code, 200, fetched.text[-1000:])
            path = f"{assignment}/{lesson.name}"
            model = student.contents(path)
            self.assertIsNotNone(model, f"{name} fetched no {path}: {fetched.text[-2000:]}")
            released = nbformat.from_dict(model["content"])
            self.assertIn("your code goes here", str(released), "the released lesson has the stubs")
            handed_in = answered(released, answers)
            if name == bad:   # and a look at the instructor's answers, from the grader's kernel
                handed_in = with_a_peek(handed_in, home[teacher] / "course-grading" / "source" / assignment / lesson.name,
                                        home[teacher])
            saved = student.server_api("PUT", f"/contents/{path}", json={
                "type": "notebook", "format": "json", "content": handed_in})   # as JupyterLab saves
            self.assertEqual(saved.status_code, 200, saved.text[-1000:])
            submitted = student.server("POST", "/assignments/submit", data={"course_id": course, "assignment_id": assignment})
            self.assertEqual(submitted.status_code, 200, submitted.text[-1000:])
            self.assertIn('"submitted"', submitted.text, submitted.text[-1000:])
        # a student who hands in under a classmate's name (their own nbgrader settings may say any id)
        settings = f"{self.hub.tmp / 'state' / 'nbgrader' / 'student'}:{ROOT / 'environment' / 'nbgrader'}"
        environment, options = self.claim(bad, good)
        forged = subprocess.run(["runuser", "-u", bad, "--", "env", f"HOME={home[bad]}", f"JUPYTER_CONFIG_PATH={settings}",
                                 *environment, f"{Path(os.environ['NBGRADER_PYTHON']).parent}/nbgrader", "submit", assignment,
                                 *options], capture_output=True, text=True, cwd="/tmp", timeout=120)
        self.assertEqual(forged.returncode, 0, forged.stderr[-2000:])
        self.assertNotIn("ERROR", forged.stderr, forged.stderr[-2000:])
        self.cannot_see_the_others_work(bad, good, assignment, feedback=False)

        formgrader("collect", f"assignment/{assignment}")
        for name in (good, bad):
            formgrader("autograde", f"submission/{assignment}/{name}")
        graded = nbformat.read(home[teacher] / "course-grading" / "autograded" / bad / assignment / lesson.name, as_version=4)
        said = "".join(o.get("text", "") for o in graded.cells[-1].get("outputs", []))
        self.assertEqual((said.count(PEEK), said.count(": refused")), (2, 2), f"autograde outside the sandbox: {said}")
        formgrader("generate_feedback", f"assignment/{assignment}")
        formgrader("release_feedback", f"assignment/{assignment}")
        scores = {s["student"]: (s["score"], s["max_score"])
                  for s in instructor.server("GET", f"/formgrader/api/submissions/{assignment}").json()}
        self.assertEqual(scores, {good: (2, 2), bad: (1, 2)}, "the forged submission counted as the classmate's")
        # one grader, one truth: environment/grade gives each collected notebook the same (once: the
        # exchange changes nothing of it, and the cycle on ngshare leaves it out)
        for name in (good, bad) if self.regrade else ():
            collected = home[teacher] / "course-grading" / "submitted" / name / assignment / lesson.name
            result = grade.grade_one(collected, course_notebooks())
            self.assertEqual((result.status, result.earned, result.possible), ("graded", *scores[name]), name)

        for name, score in ((good, "2.0 / 2.0"), (bad, "1.0 / 2.0")):
            student = self.student(name)
            got = student.server("POST", "/assignments/fetch_feedback", data={"course_id": course, "assignment_id": assignment})
            self.assertEqual(got.status_code, 200, got.text[-1000:])
            [feedback] = (home[name] / "course-workspace" / assignment / "feedback").glob(f"*/{lesson.stem}.html")
            self.assertIn(f"Score: {score}", feedback.read_text())
            self.assertEqual(feedback.stat().st_uid, pwd.getpwnam(name).pw_uid, "the feedback is the student's own")
        [theirs] = (home[good] / "course-workspace" / assignment / "feedback").glob("*/*.html")
        peek = subprocess.run(["runuser", "-u", bad, "--", "cat", str(theirs)], capture_output=True, text=True)
        self.assertNotEqual(peek.returncode, 0, "a student read a classmate's feedback")
        self.cannot_see_the_others_work(bad, good, assignment, feedback=True)

        if self.browser:
            self.in_the_browser(teacher, bad, assignment)

    def claim(self, student, claimed):
        """A submission by `student` claiming to be `claimed`'s, run as nbgrader's command: its environment
        and options. nbgrader's own exchange takes the student id from the student's settings."""
        return [], [f"--CourseDirectory.student_id={claimed}"]

    def cannot_see_the_others_work(self, student, other, assignment, feedback):
        """The exchange shows a student nothing of the others': nbgrader's folders for submissions and for
        feedback cannot be listed; feedback waits under names made from a secret each submission keeps
        (nbgrader's design): no name to find a classmate's by."""
        exchange = self.hub.tmp / "state" / "exchange" / nbgrader_settings.COURSE_ID
        for folder in ("inbound", "feedback"):
            peek = subprocess.run(["runuser", "-u", student, "--", "ls", str(exchange / folder)], capture_output=True, text=True)
            self.assertNotEqual(peek.returncode, 0, f"a student listed the exchange's {folder}")
        if feedback:
            released = sorted(f.name for f in exchange.glob("feedback/*.html"))
            self.assertEqual(len(released), 2)
            self.assertFalse([f for f in released if student in f or other in f or assignment in f], released)

    def create_assignment_panel(self, driver, teacher, assignment, menu, wait_for):
        """The lesson in the instructor's course folder, with Nbgrader → Create assignment open: its panel
        shows each exercise's cells as the lesson's metadata marks them (answer or tests, id, points) and
        the lesson's total, the 2 points the formgrader grades out of."""
        from selenium.webdriver.common.by import By

        from test_lab_app import SCREENSHOTS
        lesson = nbformat.read(course_notebooks()[3], as_version=4)
        expected = [(("Autograded answer" if m.get("solution") else "Autograded tests"), m["grade_id"], m.get("points"))
                    for m in (c.metadata.get("nbgrader", {}) for c in lesson.cells) if m.get("solution") or m.get("grade")]
        driver.get(f"{self.base}/user/{teacher}/lab/tree/{nbgrader_settings.GRADING}/source/{assignment}/{assignment}.ipynb")
        wait_for(driver, "return document.querySelectorAll('.jp-Notebook .jp-Cell').length > 10", "the lesson")
        menu(driver, "Nbgrader")
        [entry] = [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if e.text == "Create assignment"]
        entry.click()
        shown = wait_for(driver, """const cells = document.querySelectorAll('#nbgrader-create_assignemnt .nbgrader-CellWidget');
            const marked = [...cells].map(c => [c.querySelector('.nbgrader-CellType select'), c.querySelector('.nbgrader-CellId input'),
                                                c.querySelector('.nbgrader-CellPoints input')])
                .filter(([type]) => type && type.selectedIndex > 0)
                .map(([type, id, points]) => [type.options[type.selectedIndex].text, id ? id.value : '', points ? points.value : '']);
            const total = document.querySelector('#nbgrader-create_assignemnt .nbgrader-TotalPointsInput');
            return marked.length ? [marked, total ? total.value : null] : null;""", "the Create Assignment panel")
        driver.execute_script("""const first = [...document.querySelectorAll('#nbgrader-create_assignemnt .nbgrader-CellWidget')]
            .find(c => { const s = c.querySelector('.nbgrader-CellType select'); return s && s.selectedIndex > 0; });
            first.scrollIntoView(); first.click();""")   # the first exercise, in the panel and in the lesson
        time.sleep(1)
        driver.save_screenshot(str(SCREENSHOTS / "hub-create-assignment.png"))
        # the points of the tests (an answer has none: the panel hides its points field)
        self.assertEqual([(kind, grade_id, float(points) if kind == "Autograded tests" else None) for kind, grade_id, points in shown[0]],
                         [(kind, grade_id, float(points) if kind == "Autograded tests" else None) for kind, grade_id, points in expected])
        self.assertEqual(float(shown[1]), 2.0, "the lesson's total points")

    def in_the_browser(self, teacher, student, assignment):
        """What the instructor and a student see in Chromium after the cycle: the instructor's Nbgrader menu
        has the formgrader, whose page lists the lesson released, collected and with feedback sent, and
        Create assignment, which shows the lesson's exercises as nbgrader reads them; the
        student's menu has no formgrader, and their Assignments list shows the lesson submitted, with
        its feedback. Screenshots in target/lab-screenshots/."""
        from selenium.webdriver.common.by import By

        import browser
        from test_lab_app import SCREENSHOTS
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

        def wait_for(driver, script, what, seconds=90):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                found = driver.execute_script(script)
                if found:
                    return found
                time.sleep(0.5)
            driver.save_screenshot(str(SCREENSHOTS / "hub-failed.png"))
            self.fail(f"{what} did not show within {seconds} s (target/lab-screenshots/hub-failed.png)")

        def menu(driver, name):
            """The items of a JupyterLab menu, opened as a click on the menu bar opens it."""
            [bar] = [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if e.text == name]
            bar.click()
            items = wait_for(driver, "const m = document.querySelector('.lm-Menu'); return m && "
                             "[...m.querySelectorAll('.lm-Menu-itemLabel')].map(e => e.innerText).filter(t => t)", f"the {name} menu")
            return items

        for name in (teacher, student):
            with tempfile.TemporaryDirectory() as profile:
                driver = browser.start(profile, 1280)
                try:
                    driver.get(f"{self.base}/hub/login")
                    driver.find_element(By.ID, "username_input").send_keys(name)
                    driver.find_element(By.ID, "password_input").send_keys(self.students[name])
                    driver.find_element(By.ID, "login_submit").click()
                    wait_for(driver, "return document.querySelector('.lm-MenuBar-itemLabel') !== null", "JupyterLab")
                    wait_for(driver, "return [...document.querySelectorAll('.lm-MenuBar-itemLabel')].some(e => e.innerText === 'Nbgrader')",
                             "nbgrader's menu")
                    items = menu(driver, "Nbgrader")
                    if name == teacher:
                        self.assertIn("Formgrader", items)
                        driver.get(f"{self.base}/user/{name}/formgrader")
                        text = wait_for(driver, f"return document.body.innerText.includes('{assignment}') && document.body.innerText",
                                        "the formgrader's assignments")
                        row = next(line for line in text.splitlines() if assignment in line)
                        self.assertIn("released", row.lower(), row)
                        self.assertRegex(row, r"\b2\b", f"two submissions: {row}")
                        driver.save_screenshot(str(SCREENSHOTS / "hub-formgrader.png"))
                        self.create_assignment_panel(driver, name, assignment, menu, wait_for)
                    else:
                        self.assertNotIn("Formgrader", items, "a student has the formgrader")
                        [entry] = [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if e.text == "Assignment List"]
                        entry.click()
                        text = wait_for(driver, f"const p = document.querySelector('#assignments'); "
                                        f"return p && p.innerText.includes('{assignment}') && p.innerText", "the assignment list")
                        self.assertIn("Fetch Feedback", text)
                        driver.save_screenshot(str(SCREENSHOTS / "hub-assignment-list.png"))
                finally:
                    driver.quit()


@unittest.skipIf(WHY_NOT and not REQUIRED, WHY_NOT)
class AssignmentCycleOnNgshare(AssignmentCycle):
    """The same cycle with ngshare as nbgrader's exchange (classroom --exchange ngshare, as on a cluster,
    environment/kubernetes): ngshare runs as a hub service and takes each request with the hub's token of
    the student's server. The pages are the same as above: no browser here."""
    options, browser, regrade = ("--exchange", "ngshare"), False, False

    def token(self, name):
        """A hub API token of the student's own, as a student makes one on the hub's token page."""
        student = self.hub.student(name)
        self.addCleanup(student.http.close)
        self.assertTrue(student.log_in())
        made = student.hub_api("POST", f"/users/{name}/tokens", json={"note": "test", "expires_in": 900})
        self.assertEqual(made.status_code, 201, made.text)
        return made.json()["token"]

    def claim(self, student, claimed):
        """ngshare's client refuses a student id; it sends the student's own token (which ngshare goes by),
        and takes the user's name from JUPYTERHUB_USER, which claims the classmate's."""
        return [f"JUPYTERHUB_API_TOKEN={self.token(student)}", f"JUPYTERHUB_USER={claimed}"], []

    def cannot_see_the_others_work(self, student, other, assignment, feedback):
        """ngshare serves a student their own submissions and feedback only; its files are the hub's."""
        import requests
        ports = json.loads((self.hub.tmp / "state" / "ports.json").read_text())
        ngshare = f"http://127.0.0.1:{ports['ngshare']}/services/ngshare"
        course = nbgrader_settings.COURSE_ID
        auth = {"Authorization": "token " + self.token(student)}
        anonymous = requests.get(f"{ngshare}/assignments/{course}", allow_redirects=False, timeout=30)
        self.assertEqual(anonymous.status_code, 403, "ngshare answered a request with no token: " + anonymous.text[:300])
        listed = requests.get(f"{ngshare}/assignments/{course}", headers=auth, timeout=30)
        self.assertEqual(listed.status_code, 200, "the student's token was not taken: " + listed.text[:300])
        for path in (f"submissions/{course}/{assignment}", f"submissions/{course}/{assignment}/{other}",
                     f"submission/{course}/{assignment}/{other}") + ((f"feedback/{course}/{assignment}/{other}",) if feedback else ()):
            asked = requests.get(f"{ngshare}/{path}", headers=auth, timeout=30)
            self.assertEqual(asked.status_code, 403, f"{path}: {asked.text[:300]}")
        state = self.hub.tmp / "state" / "ngshare"
        for look in (["ls", str(state)], ["cat", str(state / "ngshare.db")]):
            peek = subprocess.run(["runuser", "-u", student, "--"] + look, capture_output=True, text=True)
            self.assertNotEqual(peek.returncode, 0, f"a student could {' '.join(look)}")
        [service] = self.processes(exchange.NGSHARE_ACCOUNT, "ngshare_service.py")   # not root
        self.assertEqual({c.laddr.ip for c in service.net_connections("inet") if c.status == psutil.CONN_LISTEN}, {"127.0.0.1"})
        database = (state / "ngshare.db").stat()
        self.assertEqual((pwd.getpwuid(database.st_uid).pw_name, database.st_mode & 0o777), (exchange.NGSHARE_ACCOUNT, 0o600))
        if feedback:   # the end of the cycle: the instructor's work is all in ngshare
            instructors = {"Authorization": "token " + self.instructors_token_in_the_server_of(student)}
            asked = requests.get(f"{ngshare}/submissions/{course}/{assignment}", headers=instructors, allow_redirects=False, timeout=30)
            self.assertEqual(asked.status_code, 403, "a student acted as the instructor in ngshare: " + asked.text[:300])

    def instructors_token_in_the_server_of(self, student):
        """The hub token the instructor's browser hands a student's server when the instructor opens it (the
        hub's OAuth, the instructor pressing Authorize): the server keeps it in a cookie it signs but does
        not encrypt, which the browser sends with every request to that server, the student's own process.
        It lets the instructor into that server only."""
        instructor = self.hub.student(self.names[0])
        self.addCleanup(instructor.http.close)
        self.assertTrue(instructor.log_in())
        page = instructor.http.get(f"{self.base}/user/{student}/lab", timeout=30)
        self.assertIn("Authorize access", page.text, "the hub did not ask the instructor first")
        form = {"scopes": re.findall(r'name="scopes" value="([^"]*)"', page.text), "_xsrf": hub_student.form_xsrf(page.text)}
        opened = instructor.http.post(page.url, data=form, headers={"Referer": page.url}, timeout=30)
        self.assertEqual(opened.status_code, 200, "the instructor could not open the student's server")
        cookie = instructor.http.cookies.get(f"jupyterhub-user-{student}", path=f"/user/{student}/")
        self.assertIsNotNone(cookie, "the student's server set no login cookie")
        # tornado's signed value, version 2: 2|1:0|10:<time>|<n>:<name>|<n>:<base64 value>|<signature>
        return base64.b64decode(cookie.split("|")[4].split(":", 1)[1]).decode()

@unittest.skipIf(WHY_NOT and not REQUIRED, WHY_NOT)
class ServerCulling(Hub, unittest.TestCase):
    size, options = 2, ("--cull-servers", "0.1")   # 6 s, checked every second

    def test_an_idle_server_is_stopped_by_the_hubs_culler_and_starts_again(self):
        student = self.student(self.names[1])   # a student (names[0] teaches); their server up: from here on it is idle
        self.assertEqual(self.first_page(student), f"/user/{student.name}{hub.FIRST_PAGE}", "a first login opens lesson 00")
        # its port below the range the machine hands out for port 0, where a kernel's port could take it (spawner.py)
        [server] = self.processes(student.name, "jupyterhub-singleuser")
        port = urllib.parse.urlsplit(server.environ()["JUPYTERHUB_SERVICE_URL"]).port
        self.assertLess(port, int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0]))
        started, listed = time.monotonic(), False
        while time.monotonic() - started < 120:
            server = (student.hub_api("GET", f"/users/{student.name}").json().get("servers") or {}).get("")
            if not server:
                break
            listed = True
            time.sleep(1)
        self.assertLess(time.monotonic() - started, 120, "the idle server was never stopped")
        self.assertTrue(listed, "the hub listed no server for the student")
        # how long the culler found it idle, as it says in the hub's log (the hub's last_activity, which the
        # test could read, may move forward by a late activity report while the culler already stops it)
        said = re.findall(rf"Culling server {student.name} \(inactive for (\d+):(\d\d):(\d\d)\)",
                          (self.hub.tmp / "hub.log").read_text())
        self.assertEqual(len(said), 1, "the culler did not say it stopped the server: " + self.hub.log())
        hours, minutes, seconds = map(int, said[0])
        self.assertGreaterEqual(3600 * hours + 60 * minutes + seconds, 6, "the server went before its idle time was up")
        self.assertEqual(self.processes(student.name, "jupyterhub-singleuser"), [], "its process is still there")
        # the culler paused from here on: the hub counts a server's idle time from the start of its spawn, and a
        # restart on a loaded machine can take longer than the 6 s this culler allows, which then stopped the
        # server again while the test read it (a request timed out in one run)
        [culler] = [p for p in psutil.Process(self.hub.hub.pid).children(recursive=True)
                    if "jupyterhub_idle_culler" in command_line(p)]
        culler.suspend()
        self.addCleanup(lambda: culler.is_running() and culler.resume())
        student.start_server()   # the student's next visit
        try:
            self.assertIsNotNone(student.contents(), "no server after the restart")
            self.assertEqual(self.first_page(student), f"/user/{student.name}/lab", "a later login opens JupyterLab as it was left")
        except OSError as e:   # requests' errors are OSErrors: a timeout, say
            raise AssertionError(f"the restarted server did not answer: {e}; the hub's log ends:\n{self.hub.log()}") from e

    @staticmethod
    def first_page(student):
        """Where the student's server sends a browser that comes to it (the page the hub's login lands on)."""
        answer = student.http.get(f"{student.user}/", allow_redirects=False, timeout=60)
        return urllib.parse.urlsplit(answer.headers.get("Location", f"no redirect: {answer.status_code}")).path


@unittest.skipIf(WHY_NOT and not REQUIRED, WHY_NOT)
class Culling(Hub, unittest.TestCase):
    size, options = 1, ("--cull-kernels", "0.15")   # 9 s, checked every second

    def test_a_kernel_left_idle_with_no_tab_is_shut_down_one_with_its_tab_open_is_kept(self):
        student = self.student(self.names[0])
        open_tab = student.kernel(student.start_kernel()).connect()   # as a notebook's tab holds it
        try:
            kernel = student.start_kernel()
            started = time.monotonic()
            self.assertIn(kernel, student.kernels())
            while kernel in student.kernels() and time.monotonic() - started < 60:
                time.sleep(1)
            self.assertNotIn(kernel, student.kernels(), "an idle kernel was never shut down")
            self.assertGreaterEqual(time.monotonic() - started, 8, "the kernel went before its idle time was up")
            self.assertIsNotNone(student.contents(), "the server went with it")
            self.assertEqual(open_tab.run("6 * 7"), ("ok", "42"), "a kernel with its tab open was shut down")
        finally:
            open_tab.close()

    def test_stop_ends_the_hub_its_helpers_and_every_students_server_kernel_and_terminal(self):
        """(On this hub: its servers are not culled, so what stop ends is what the student left running.)"""
        student = self.student(self.names[0])
        student.kernel(student.start_kernel()).connect().close()
        terminal = Terminal(student.user + "/", student.server_api("POST", "/terminals").json()["name"],
                            headers=["Cookie: " + "; ".join(f"{c.name}={c.value}" for c in student.http.cookies)])
        terminal.typed('sleep 6011 & echo "sl""eeping=$!"', r"sleeping=\d+")   # the output, not the line typed
        terminal.close()
        start = psutil.Process(self.hub.hub.pid)
        helpers = [p for p in start.children(recursive=True) if p.username() not in self.students]
        deadline = time.monotonic() + 30   # the terminal's job: forked at once, sleep a moment later
        while True:
            theirs = [p for p in psutil.process_iter(["username", "name"]) if p.info["username"] == student.name]
            if any(p.info["name"] == "sleep" for p in theirs) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertTrue(any(p.info["name"] == "sleep" for p in theirs), theirs)
        stopped = subprocess.run([str(ROOT / "environment" / "classroom"), "stop", str(self.hub.tmp / "class.txt"),
                                  "--state", str(self.hub.tmp / "state")], capture_output=True, text=True, timeout=120)
        self.assertEqual(stopped.returncode, 0, stopped.stderr[-2000:])
        self.assertIn("the hub, its proxy and its services stopped", stopped.stdout)
        self.assertRegex(stopped.stdout, r"[1-9]\d* process(es)? of the students' servers")
        self.hub.hub.wait(30)   # `start` has ended
        left = [p for p in helpers + theirs if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        self.assertEqual(left, [], "the stopped class left these running")
        the_class = bounds.class_name(self.hub.tmp / "state")
        self.assertEqual([c for c in bounds.CONTROLLERS if (bounds.CGROUP_V1 / c / the_class).exists()]
                         + list(bounds.CGROUP_V1.glob(f"cpu/{the_class.replace('/', '-')}-*")), [], "control groups left")


def load_tests(loader, tests, pattern):
    """The culling tests first: they wait on the hub's timers, which costs the suite nothing while the
    other test groups keep both cores busy; last, they were the suite's final minute, a core idle."""
    first = [loader.loadTestsFromTestCase(case) for case in (Culling, ServerCulling)]
    rest = [suite for suite in tests if not any(isinstance(test, (Culling, ServerCulling)) for test in suite)]
    return unittest.TestSuite(first + rest)


if __name__ == "__main__":
    unittest.main()
