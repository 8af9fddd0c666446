"""Grading a hostile class: each submission's code runs in grading's sandbox (grading/sandbox.py), with
the course's real kernel, and what it tries against the machine, the instructor and the other students
fails, while the right answers beside it keep their points and an honest submission graded after it
gets its full grade. Graded as root (the box has an account of its own) and, where the tests run as root,
as an ordinary user too (the instructor's own account, mapped into the box)."""
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

import nbformat
import psutil  # as test_classroom reads processes

import test_support
from backprop_course import notebooks
from backprop_course.grading import grade, sandbox

TOOL = [sys.executable, "-I", "-m", "backprop_course.grading.grade"]   # environment/grade's command
LESSON = next(p for p in notebooks.course_notebooks() if p.name.startswith("01-"))
NO_SANDBOX = sandbox.problem()   # asked once: it tries bwrap

# Java that tries one thing and prints "<what>: DONE" if it worked, "<what>: refused (...)" if not
ATTEMPT = """
String attempt(String what, java.util.concurrent.Callable<Object> action) {
    try { return what + ": DONE " + action.call(); } catch (Throwable e) { return what + ": refused (" + e + ")"; }
}
"""


def with_cell(java, at_end=False):
    """Lesson 01 with its right answers and one more code cell: after the library's cell, or at the end."""
    nb = nbformat.read(LESSON, as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells.insert(len(nb.cells) if at_end else first + 1, nbformat.v4.new_code_cell(java))
    return nb


def sandbox_processes():
    """The command lines of processes a box may have left behind (its marker: sleep 6007, the number a
    whole argument: a browser's long command line may hold those digits by chance)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"6007" in entry.joinpath("cmdline").read_bytes().split(b"\0"):
                found.append(entry.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            pass
    return found


@unittest.skipIf(NO_SANDBOX, f"no sandbox here: {NO_SANDBOX}")
class HostileSubmissions(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="sandbox-"))
        cls.files = sandbox.SandboxFiles()
        cls.originals = notebooks.course_notebooks()
        cls.other = cls.tmp / "bob" / LESSON.name
        cls.other.parent.mkdir()
        shutil.copy(LESSON, cls.other)

    @classmethod
    def tearDownClass(cls):
        cls.files.close()
        shutil.rmtree(cls.tmp, True)

    def grade(self, student, nb, time_limit=120):
        """(result, the notebook as it ran) for a submission graded in the sandbox."""
        path = self.tmp / student / LESSON.name
        path.parent.mkdir(exist_ok=True)
        nbformat.write(nb, path)
        ran = {}

        def run(submission, folder):
            ran["nb"], problem = grade._execute_with_time_limit(submission, folder, None, time_limit, self.files)
            return ran["nb"], problem
        return grade.grade_one(path, self.originals, None, time_limit, run), ran.get("nb")

    def printed(self, nb):
        return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                       if o.get("output_type") == "stream")

    def assertHonestGradeAfter(self):
        result, _ = self.grade("honest", nbformat.read(LESSON, as_version=4))
        self.assertEqual((result.earned, result.possible, result.status), (2, 2, "graded"), grade.report([result]))

    def test_a_submission_that_reaches_for_files_network_and_processes_gets_none_of_them(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        home = Path(pwd.getpwuid(os.getuid()).pw_dir)
        java = ATTEMPT + "\n".join(f"System.out.println(attempt({json.dumps(what)}, () -> {action}));" for what, action in [
            ("write outside its folder", f'java.nio.file.Files.writeString(java.nio.file.Path.of("{self.tmp}/owned.txt"), "x")'),
            ("write into the instructor's home",
             f'java.nio.file.Files.writeString(java.nio.file.Path.of("{home}/owned-by-a-student.txt"), "x")'),
            ("read /etc/shadow", 'java.nio.file.Files.readString(java.nio.file.Path.of("/etc/shadow")).length()'),
            ("read the reference notebook", f'java.nio.file.Files.readString(java.nio.file.Path.of("{LESSON}")).length()'),
            ("read another student's submission", f'java.nio.file.Files.readString(java.nio.file.Path.of("{self.other}")).length()'),
            ("connect to the grader's machine", f'new java.net.Socket("127.0.0.1", {listener.getsockname()[1]})'),
            ("reach the network", 'new java.net.Socket("1.1.1.1", 80)'),
            ("write into /dev", 'java.nio.file.Files.writeString(java.nio.file.Path.of("/dev/owned"), "x")'),
            ("read the grader's environment",
             '{ String seen = ""; for (var p : java.nio.file.Files.list(java.nio.file.Path.of("/proc")).toList()) '
             '{ try { seen += java.nio.file.Files.readString(p.resolve("environ")); } catch (Exception e) { } } '
             'if (!seen.contains("COURSE_TEST_SECRET")) throw new SecurityException("no secret in sight"); return seen; }'),
            ("make a user namespace", '{ int code = new ProcessBuilder("unshare", "-Urn", "true").start().waitFor(); '
             'if (code != 0) throw new SecurityException("unshare exited with " + code); return code; }'),
        ]) + """
System.out.println(attempt("leave a file in /tmp",
    () -> java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/left-by-a-student"), "x")));
System.out.println(attempt("start a process that outlives grading", () -> new ProcessBuilder("sleep", "6007").start()));
// the kernel's ports in the box, and the range the box's outgoing connections take their own end from
java.util.regex.Matcher port = java.util.regex.Pattern.compile("_port.:[ ]*([0-9]+)")
    .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("/run/course/connection.json")));
int highestPort = 0;
while (port.find()) highestPort = Math.max(highestPort, Integer.parseInt(port.group(1)));
// (read whole at once: read from past its first byte, the kernel's file gives nothing more)
System.out.println("PORTS " + highestPort + " OUTGOING "
    + java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).readLine());
"""
        os.environ["COURSE_TEST_SECRET"] = "the grader's own"
        try:
            result, ran = self.grade("mallory", with_cell(java))
            with self.assertRaises(BlockingIOError, msg="the box connected to the grader's machine"):
                listener.accept()
        finally:
            listener.close()
            del os.environ["COURSE_TEST_SECRET"]
        printed = self.printed(ran)
        self.assertNotIn(": DONE", printed.replace("leave a file in /tmp: DONE", "").replace(
            "start a process that outlives grading: DONE", ""), printed)
        self.assertEqual(printed.count(": refused ("), 10, printed)
        # the relay connects to the kernel's ports in the box, retrying while the kernel starts: a port of the
        # range its connections take their own end from could be taken by one (or connect to itself), and the
        # kernel die with "Address already in use"
        ports = re.search(r"PORTS (\d+) OUTGOING (\d+)\s+(\d+)", printed)
        self.assertIsNotNone(ports, printed)
        self.assertLess(int(ports.group(1)), int(ports.group(2)), "the kernel's ports in the box are among the outgoing ones")
        self.assertFalse((self.tmp / "owned.txt").exists())
        self.assertFalse((home / "owned-by-a-student.txt").exists())
        self.assertFalse(Path("/tmp/left-by-a-student").exists(), "the box's /tmp is the machine's")
        time.sleep(0.5)
        self.assertEqual(sandbox_processes(), [], "a process the submission started outlived grading")
        self.assertEqual((result.earned, result.status), (2, "graded"), grade.report([result]))
        self.assertHonestGradeAfter()

    def test_bombs_floods_and_hogs_are_stopped_the_answers_before_them_count(self):
        limit = sandbox.SANDBOX_PROCESSES
        hostile = {   # what it does, and what the cell says then
            "a fork bomb": ('new ProcessBuilder("sh", "-c", ":(){ :|:& };:").start(); Thread.sleep(3000); '
                            'System.out.println("processes in the box: " + ProcessHandle.allProcesses().count());',
                            "processes in the box: [0-9]+"),
            "filling the disk": ('byte[] mb = new byte[1 << 20]; for (int f = 0; f < 64; f++) { '
                                 'try (var out = new java.io.FileOutputStream("/tmp/filler-" + f)) { '
                                 'for (int i = 0; i < 16; i++) out.write(mb); } }',
                                 "No space left on device"),
            "a file too large": ('byte[] mb = new byte[1 << 20]; try (var out = new java.io.FileOutputStream("/tmp/big")) { '
                                 'for (int i = 0; i < 64; i++) out.write(mb); }', "File too large"),
            "all the memory": ('long[][] hog = new long[64][]; for (int i = 0; i < hog.length; i++) hog[i] = new long[1 << 24];',
                               "OutOfMemoryError"),
            "killing every process it sees": ('ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())'
                                              '.forEach(ProcessHandle::destroyForcibly); Thread.sleep(1000); '
                                              'System.out.println("still here");', "still here"),
            "100 MB of output": ('String line = "x".repeat(999); for (int i = 0; i < 100_000; i++) System.out.println(line);',
                                 "x{999}"),
        }
        for what, (java, expected) in hostile.items():
            with self.subTest(what):
                started = time.monotonic()
                result, _ran = self.grade("mallory", with_cell(ATTEMPT + java, at_end=True), time_limit=60)
                self.assertLess(time.monotonic() - started, 90, f"{what}: grading was not stopped at its time limit")
                self.assertEqual(result.earned, 2, f"{what}: " + grade.report([result]))
                said = json.dumps(_ran.cells[-1].get("outputs", [])) if _ran else ""
                self.assertRegex(said, expected, f"{what}: what the cell said")
                self.assertEqual(sandbox_processes(), [])
                if what == "a fork bomb":
                    count = int(re.search(r"processes in the box: ([0-9]+)", said).group(1))
                    self.assertLessEqual(count, limit + 50, "the fork bomb went past the bound on processes")
        self.assertHonestGradeAfter()


@unittest.skipIf(NO_SANDBOX, f"no sandbox here: {NO_SANDBOX}")
class GradeCommand(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="sandbox-command-"))
        os.chmod(self.tmp, 0o777)
        (self.tmp / "alice").mkdir()
        nbformat.write(with_cell('new java.io.File("' + str(self.tmp) + '/owned.txt").createNewFile()'),
                       self.tmp / "alice" / LESSON.name)
        os.chmod(self.tmp / "alice", 0o755)

    def tearDown(self):
        shutil.rmtree(self.tmp, True)

    def grade(self, *options, env=None, user=None):
        command = [*TOOL, "grade", str(self.tmp / "alice"), "--csv", str(self.tmp / "grades.csv"), *options]
        if user:   # runuser sets the user's own HOME: env sets the test's after it
            command = ["runuser", "-u", user, "--", "env", f"HOME={env['HOME']}"] + command
        return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)

    @unittest.skipUnless(os.geteuid() == 0, "grading as another user needs root to become them")
    def test_an_ordinary_instructor_grades_in_a_sandbox_too(self):
        home = self.tmp / "home"
        kernels = home / ".local" / "share" / "jupyter" / "kernels"
        kernels.mkdir(parents=True)
        shutil.copytree(Path(pwd.getpwuid(0).pw_dir) / ".local" / "share" / "jupyter" / "kernels" / "java", kernels / "java")
        subprocess.run(["chown", "-R", "nobody", str(home)], check=True)
        with test_support.clone_readable():   # not while a classroom makes the clone root's alone
            done = self.grade(env={"HOME": str(home), "PATH": os.environ["PATH"]}, user="nobody")
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        self.assertIn("2/2  graded", done.stdout)
        self.assertIn("in a sandbox", done.stdout)
        self.assertFalse((self.tmp / "owned.txt").exists(), "the submission wrote into a folder its grader may write")

    def test_without_a_sandbox_grading_stops_unless_the_instructor_trusts_the_submissions(self):
        env = {**os.environ, "PATH": "/nonexistent"}   # no bwrap to be found
        refused = self.grade(env=env)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("no sandbox can be made on this machine: bubblewrap is not installed", refused.stderr)
        self.assertIn("--trust-submissions", refused.stderr)
        self.assertFalse((self.tmp / "grades.csv").exists())
        trusted = self.grade("--trust-submissions", env=env)
        self.assertEqual(trusted.returncode, 0, trusted.stderr[-2000:])
        self.assertIn("with your own rights", trusted.stdout)
        self.assertTrue((self.tmp / "owned.txt").exists(), "trusted, the submission runs with the grader's rights")

    def test_ctrl_c_stops_grading_gives_nobody_a_false_zero_and_leaves_no_box(self):
        (self.tmp / "bob").mkdir()
        nbformat.write(with_cell("Thread.sleep(60_070);", at_end=True), self.tmp / "bob" / LESSON.name)
        command = [*TOOL, "grade", str(self.tmp / "bob"), "--csv", str(self.tmp / "grades.csv")]
        grading = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        # this grading's boxes only (other test groups may be grading in boxes of their own at the same time),
        # each named by its number and start time, which together name one process for good
        boxes = lambda: {(p.pid, p.info["create_time"]) for p in _processes()
                         if p.info["name"] == "bwrap" and grading.pid in {a.pid for a in _parents(p)}}
        deadline = time.monotonic() + 120
        while not boxes() and time.monotonic() < deadline and grading.poll() is None:
            time.sleep(0.2)
        ours = boxes()
        if not ours:   # say why: the grading's own words when it ended first
            if grading.poll() is None:
                os.killpg(grading.pid, 9)
            out, err = grading.communicate(timeout=60)
            self.fail(f"no box was made; the grading ended with {grading.returncode}:\n{out[-1500:]}\n{err[-2500:]}")
        time.sleep(8)   # the lesson's cells have run: the box sleeps in the last one
        ours |= boxes()
        os.killpg(grading.pid, 2)   # Ctrl-C in the instructor's terminal: the whole foreground group
        out, err = grading.communicate(timeout=60)
        self.assertEqual(grading.returncode, 130, err[-2000:])
        self.assertIn("grade: interrupted (Ctrl-C): 0 of 1 notebook(s) graded", err)
        self.assertNotIn("bob", out, "the interrupted notebook was graded")
        self.assertFalse((self.tmp / "grades.csv").exists(), "a CSV from an interrupted run")
        # killed, the box's processes end as the kernel tears them down: seconds on a busy machine
        alive = lambda: ours & {(p.pid, p.info["create_time"]) for p in _processes()}
        deadline = time.monotonic() + 60
        while alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(alive(), set(), "a box outlived the grading by a minute")


def _processes():
    """The machine's processes, each with its name and start time; one that ends while they are listed is left out."""
    return [p for p in psutil.process_iter(["name", "create_time"]) if None not in p.info.values()]


def _parents(process):
    try:
        return process.parents()
    except psutil.Error:   # it ended
        return []


if __name__ == "__main__":
    unittest.main()
