"""environment/classroom: the course served by JupyterHub for a class. A class list with a mistake
names its line and creates nobody; a real hub (Debian's jupyterhub, PAM logins on real system
accounts made from the list) lets each student in with their own password only, gives them their
workspace with the lessons' exercises stubbed and the course's kernel, and keeps them out of each
other's files. Needs root (it makes system accounts); under CI it must run."""
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from test_support import ROOT  # first: puts src/main/python on the path
import course_classroom
from course_notebooks import course_notebooks
from notebook_server import free_port

REQUIRED = os.environ.get("CI", "").lower() == "true"
WHY_NOT = None if os.geteuid() == 0 and shutil.which("jupyterhub") else "needs root and jupyterhub (environment/setup installs it)"


def crypt_hash(password):
    return subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True,
                          check=True).stdout.strip()


class ClassList(unittest.TestCase):

    def test_a_class_list_with_mistakes_names_each_line_and_creates_nobody(self):
        name = "cls" + secrets.token_hex(3)
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "class.txt"
            listing.write_text(f"# the class\n{name} {crypt_hash('x')}\n\nAda {crypt_hash('y')}\n{name} {crypt_hash('z')}\n"
                               "bob secret\ncarol\n")
            with self.assertRaises(course_classroom.ClassListError) as raised:
                course_classroom.read_class_list(listing)
            said = str(raised.exception)
            for expected in ("line 4: 'Ada' is not a login name", f"line 5: {name} is on the list twice",
                             "line 6: the password of bob is not a crypt hash", "line 7: write a login name and a password hash",
                             "nobody was created"):
                self.assertIn(expected, said)
            self.assertEqual(course_classroom.main(["start", str(listing), "--admin", name, "--java-home", "/nowhere"]), 1)
            self.assertFalse(course_classroom.exists(name), "an account was made from a list with mistakes")


@unittest.skipIf(WHY_NOT and not REQUIRED, WHY_NOT)
class Classroom(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        import requests  # noqa: F401  (Debian's python3-requests, a dependency of jupyterhub)
        cls.tmp = Path(tempfile.mkdtemp(prefix="course-classroom-"))
        cls.tmp.chmod(0o755)
        cls.students = {"cls" + secrets.token_hex(3): secrets.token_urlsafe(12) for _ in range(2)}
        cls.first, cls.second = list(cls.students)
        (cls.tmp / "class.txt").write_text("".join(f"{n} {crypt_hash(p)}\n" for n, p in cls.students.items()))
        port = free_port()
        cls.base = f"http://127.0.0.1:{port}"
        cls.log = open(cls.tmp / "hub.log", "w")
        cls.hub = subprocess.Popen([str(ROOT / "environment" / "classroom"), "start", str(cls.tmp / "class.txt"),
                                    "--admin", cls.first, "--state", str(cls.tmp / "state"), "--port", str(port)],
                                   stdout=cls.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            cls.wait_for_hub()
        except BaseException:
            cls.tearDownClass()   # no accounts or hub left behind
            raise

    @classmethod
    def wait_for_hub(cls):
        import requests
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if cls.hub.poll() is not None:
                raise AssertionError("the hub ended: " + (cls.tmp / "hub.log").read_text()[-3000:])
            try:
                if requests.get(cls.base + "/hub/login", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError("the hub did not answer within 90 s")

    @classmethod
    def tearDownClass(cls):
        os.killpg(cls.hub.pid, signal.SIGTERM)
        try:
            cls.hub.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(cls.hub.pid, signal.SIGKILL)
        cls.log.close()
        for name in cls.students:
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)
        time.sleep(0.5)
        for name in cls.students:
            subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        shutil.rmtree(cls.tmp, True)

    def log_in(self, name, password):
        import requests
        session = requests.Session()
        session.post(self.base + "/hub/login", data={"username": name, "password": password}, timeout=30)
        return session

    def server(self, session, name):
        """The student's notebook server's contents API, once it runs (spawned at login)."""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            session.get(f"{self.base}/user/{name}/tree", timeout=30)   # the single-user server's own login (OAuth)
            answer = session.get(f"{self.base}/user/{name}/api/contents", timeout=30)
            if answer.status_code == 200:
                return answer.json()
            time.sleep(1)
        raise AssertionError(f"{name}'s server did not start: " + (self.tmp / "hub.log").read_text()[-3000:])

    def test_a_student_logs_in_with_their_own_password_only_and_gets_their_workspace(self):
        name = self.second
        refused = self.log_in(name, "not-" + self.students[name])
        self.assertIn("/hub/login", refused.get(self.base + "/hub/home", timeout=30).url, "a wrong password let them in")
        session = self.log_in(name, self.students[name])
        listing = self.server(session, name)
        self.assertEqual(sorted(c["name"] for c in listing["content"] if c["name"].endswith(".ipynb")),
                         [p.name for p in course_notebooks()])
        lesson = session.get(f"{self.base}/user/{name}/api/contents/{course_notebooks()[3].name}", timeout=30).json()
        self.assertIn("your code goes here", str(lesson["content"]), "the exercises are not stubbed")
        specs = session.get(f"{self.base}/user/{name}/api/kernelspecs", timeout=30).json()
        self.assertEqual(specs["kernelspecs"]["java"]["spec"]["argv"][1], "{resource_dir}/launch", "the course's kernel")
        home = Path(pwd.getpwnam(name).pw_dir)
        self.assertEqual((home / "course-workspace" / ".course-root").read_text().strip(), str(ROOT))
        self.assertEqual(os.stat(home / "course-workspace").st_uid, pwd.getpwnam(name).pw_uid, "the workspace is the student's")

    def test_a_student_cannot_reach_another_students_files(self):
        first_home = Path(pwd.getpwnam(self.first).pw_dir)
        self.assertEqual(first_home.stat().st_mode & 0o777, 0o700)
        peek = subprocess.run(["runuser", "-u", self.second, "--", "ls", str(first_home)], capture_output=True, text=True)
        self.assertNotEqual(peek.returncode, 0)
        self.assertIn("Permission denied", peek.stderr)
        session = self.log_in(self.second, self.students[self.second])
        self.server(session, self.second)
        other = session.get(f"{self.base}/user/{self.first}/api/contents", timeout=30, allow_redirects=True)
        self.assertNotEqual(other.status_code, 200, f"{self.second} read {self.first}'s workspace through the hub")

    def test_hand_out_collect_and_grade(self):
        for name, password in self.students.items():   # both have logged in once: their workspaces exist
            self.server(self.log_in(name, password), name)
        lessons = course_notebooks()
        newest, first_lesson = lessons[-1].name, lessons[1].name
        mine = Path(pwd.getpwnam(self.first).pw_dir) / "course-workspace"
        (mine / newest).unlink()   # as if the lesson were new
        theirs = Path(pwd.getpwnam(self.second).pw_dir) / "course-workspace" / newest
        before = theirs.read_bytes()
        listing = self.tmp / "class.txt"
        said = course_classroom.hand_out(course_classroom.read_class_list(listing), newest[:2])
        self.assertEqual(said, [f"hand-out: {newest} given to 1 of 2 students ({self.first})",
                                f"  had it already, left as it is: {self.second}"])
        self.assertEqual((mine / newest).stat().st_uid, pwd.getpwnam(self.first).pw_uid)
        self.assertIn("your code goes here", (mine / newest).read_text())
        self.assertEqual(theirs.read_bytes(), before, "a student's own notebook was touched")

        (Path(pwd.getpwnam(self.second).pw_dir) / "course-workspace" / first_lesson).unlink()   # never handed in
        submissions = self.tmp / "submissions"
        run = subprocess.run([str(ROOT / "environment" / "classroom"), "collect", str(listing), first_lesson[:2],
                              str(submissions)], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.splitlines(), [
            f"collect: {first_lesson} from 1 of 2 students into {submissions}/<student>/", f"  missing: {self.second}"])
        graded = subprocess.run([str(ROOT / "environment" / "grade"), str(submissions)], capture_output=True, text=True,
                                cwd=self.tmp)   # grade writes grades.csv where it runs
        self.assertEqual(graded.returncode, 0, graded.stderr)
        self.assertRegex(graded.stdout, rf"{self.first}\s+{first_lesson}\s+0/2\s+graded")


if __name__ == "__main__":
    unittest.main()
