"""Runs the Python tests (kernel protocol, kernel behaviour, notebooks, exercises and grading, the
site, JupyterLab, Notebook 7 and Jupyter Notebook 6 in a browser, the classroom on JupyterHub) and ends
with where the time went (each test class's seconds, the slowest first, and every test of 15 s or 10 CPU
seconds or more, for every group; where a cgroup can be made, each with the CPU seconds it used, every
process it started included, and the CPU seconds of each group) and one line,
'python tests: N passed, N failed, N skipped'. On two busy cores a test's CPU seconds, not its wall
clock, say what it costs the suite.
Arguments: test module names (or module.Class, module.Class.test) to run only those, in this process.

Run whole, the suite runs in groups side by side, each group in a process of its own: JupyterLab,
Notebook 7 and Notebook 6 in a browser (they keep Chromium busy), the classroom (one JupyterHub after
another, with real accounts), nbgrader with the site in a browser, the grading sandbox (a kernel per
submission) with the workspace and the lessons run on the newest JDK, the notebooks (each lesson run on
the default JDK, then the student copies and grading, which reuse those runs), and the rest (the kernel,
widgets) here; each group's report is printed after this process's own. On two cores the groups keep
both busy (the suite is CPU-bound then: more groups do not make it faster), so a test waits for events
with generous limits, never for a fixed short time.
"""
import collections
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from test_support import JDKS

# the groups run beside this process, each in its own, in the order given; the longest first. A group may
# name a test class (module.Class): it runs there, in that place, and its module's run leaves it out.
GROUPS = {
    "browser": ("test_lab_app", "test_notebook_app"),
    # the culling tests first: they mostly wait for the hub's culler, which costs little while the other
    # groups keep both cores busy, and left for last they kept a core idle
    "classroom": ("test_classroom.Culling", "test_classroom.ServerCulling", "test_classroom"),
    # and the site in a browser: nbgrader's group, the lightest, ended first by a minute and a half
    "nbgrader": ("test_nbgrader", "test_site"),
    # the workspace's and the kernelspec's tests here: the sandbox's group ends first
    # and the lessons on the newest JDK, which nothing else reuses: the notebooks' group then ends with the others
    "sandbox": ("test_sandbox", "test_workspace", "test_kernelspec",
                *(f"test_notebooks.NotebookRunsJdk{major}" for major, _home in JDKS[1:])),
    # in this order and in one process: test_exercises and test_grading reuse the lessons' runs
    # test_notebooks made (notebook_runs keeps them for the process)
    "notebooks": ("test_notebooks", "test_exercises", "test_grading"),
}


class TimedResult(unittest.TextTestResult):
    """Adds up each test class's time: from the end of the test before to the end of each of its
    tests, so its setUpClass counts too (and the class before's tearDownClass, a small error); and
    keeps each test's own. With a CPU account (account, set before the run), the CPU seconds too:
    every process the test started, a kernel or a browser, included."""
    seconds, tests = collections.Counter(), collections.Counter()
    cpu_seconds, cpu_tests = collections.Counter(), collections.Counter()
    account = None
    last = last_cpu = 0.0

    @classmethod
    def begin(cls, account):
        cls.account = account
        cls.last, cls.last_cpu = time.monotonic(), cls.cpu()

    @classmethod
    def cpu(cls):
        return cls.account.seconds() if cls.account else 0.0

    def startTest(self, test):
        super().startTest(test)
        self.test_started, self.test_started_cpu = time.monotonic(), self.cpu()

    def stopTest(self, test):
        super().stopTest(test)
        now, cpu = time.monotonic(), self.cpu()
        name = type(test).__name__
        TimedResult.seconds[name] += now - TimedResult.last
        TimedResult.cpu_seconds[name] += cpu - TimedResult.last_cpu
        TimedResult.tests[f"{name}.{test._testMethodName}"] += now - self.test_started
        TimedResult.cpu_tests[f"{name}.{test._testMethodName}"] += cpu - self.test_started_cpu
        TimedResult.last, TimedResult.last_cpu = now, cpu


class CpuAccount:
    """The CPU seconds a group's processes use, every process it starts included (a kernel, a browser, a
    hub's servers, even one that outlives its parent): a cgroup of its own, cgroup v1's cpuacct or v2's
    cpu.stat, where this account may make one (root, on this machine). None where it may not."""
    V1, V2 = Path("/sys/fs/cgroup/cpuacct"), Path("/sys/fs/cgroup/unified")

    @classmethod
    def make(cls, name):
        for root, usage in ((cls.V1, "cpuacct.usage"), (cls.V2, "cpu.stat")):
            folder = root / f"course-tests-{os.getpid()}-{name}"   # this run's: two runs at once count apart
            try:
                folder.mkdir(exist_ok=True)
                if (folder / usage).exists():
                    return cls(folder, usage)
                folder.rmdir()
            except OSError:
                continue
        return None

    @classmethod
    def at(cls, folder):
        """The account in folder (a group's, which the run that started this process made)."""
        folder = Path(folder)
        return cls(folder, "cpuacct.usage" if (folder / "cpuacct.usage").exists() else "cpu.stat")

    def __init__(self, folder, usage):
        self.folder, self.usage = folder, usage
        self.before = self.seconds()

    def join(self, pid):
        (self.folder / "cgroup.procs").write_text(f"{pid}\n")

    def seconds(self):
        text = (self.folder / self.usage).read_text()
        if self.usage == "cpuacct.usage":
            return int(text) / 1e9
        return int(text.split("usage_usec")[1].split()[0]) / 1e6

    def used(self):
        return self.seconds() - self.before

    def close(self):
        """Removes the account (this process first back into its parent's); one whose processes live on stays."""
        try:
            if str(os.getpid()) in (self.folder / "cgroup.procs").read_text().split():
                (self.folder.parent / "cgroup.procs").write_text(f"{os.getpid()}\n")
            self.folder.rmdir()
        except OSError:
            pass


def join(account, pid):
    """pid (its later children follow it) put into account; None where there is none or it cannot be."""
    try:
        account and account.join(pid)
    except OSError:
        return None
    return account


launched = time.monotonic()   # the wall clock of the whole run (loading the tests may wait for class data)
here = Path(__file__).resolve().parent   # on the path already: the script's own folder
loader = unittest.TestLoader()
names = sys.argv[1:]
beside = {}
mine = None   # this process's CPU account, when it runs the groups beside it
if not names:
    grouped = {name for group in GROUPS.values() for name in group}
    names = sorted(p.stem for p in here.glob("test_*.py") if p.stem not in grouped)
    for group, modules in GROUPS.items():
        log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        account = CpuAccount.make(group)
        process = subprocess.Popen([sys.executable, __file__, *modules], stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "COURSE_TESTS_ACCOUNT": str(account.folder) if account else ""})
        beside[group] = (modules, log, process, join(account, process.pid))
    mine = join(CpuAccount.make("kernel"), os.getpid())   # after the groups: they start in it, and leave it at once
    counting = mine
elif "COURSE_TESTS_ACCOUNT" in os.environ:   # a group's process: its account is the run's that started it
    counting = os.environ["COURSE_TESTS_ACCOUNT"] and CpuAccount.at(os.environ["COURSE_TESTS_ACCOUNT"]) or None
else:   # a module or a test run alone
    counting = mine = join(CpuAccount.make("run"), os.getpid())


def leaving_out(suite, classes):
    """The suite without the tests of these classes (module.Class names)."""
    kept = unittest.TestSuite()
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            kept.addTest(leaving_out(test, classes))
        elif f"{type(test).__module__}.{type(test).__name__}" not in classes:
            kept.addTest(test)
    return kept


if beside or "COURSE_TESTS_ACCOUNT" in os.environ:   # the run whole: a class a group names runs where it names it
    named = {name for group in GROUPS.values() for name in group if "." in name}
    suite = unittest.TestSuite(loader.loadTestsFromName(name) if "." in name
                               else leaving_out(loader.loadTestsFromName(name), named) for name in names)
else:
    suite = loader.loadTestsFromNames(names)
TimedResult.begin(counting)
started = TimedResult.last
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=TimedResult).run(suite)
# wall seconds, and where there is an account, CPU seconds: on two busy cores the CPU says what a test costs
cpu = "" if counting is None else "  CPU s"
print(f"\nwhere the time went ({time.monotonic() - started:.0f} s in all), each test class:\n    wall s{cpu}")
for name, seconds in TimedResult.seconds.most_common():
    print(f"  {seconds:6.1f}" + (f"  {TimedResult.cpu_seconds[name]:6.1f}" if cpu else "") + f"  {name}")
slow = [name for name in TimedResult.tests
        if TimedResult.tests[name] >= 15 or TimedResult.cpu_tests[name] >= 10]
if slow:
    print("the tests of 15 s or 10 CPU s or more:")
    for name in sorted(slow, key=lambda name: -(TimedResult.cpu_tests[name] or TimedResult.tests[name])):
        print(f"  {TimedResult.tests[name]:6.1f}" + (f"  {TimedResult.cpu_tests[name]:6.1f}" if cpu else "") + f"  {name}")
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
passed = result.testsRun - failed - skipped
ran = result.testsRun
spent = {"kernel (here)": mine.used()} if beside and mine else {}
for group, (modules, log, process, account) in beside.items():
    process.wait()
    if account:
        spent[group] = account.used()
        account.close()
    log.seek(0)
    report = log.read()
    print(f"\n---- {group}, run beside the others ({', '.join(modules)}) ----\n{report}")
    counts = re.search(r"python tests: (\d+) passed, (\d+) failed, (\d+) skipped", report)
    if counts:
        passed, failed, skipped = (a + int(b) for a, b in zip((passed, failed, skipped), counts.groups()))
        ran += sum(map(int, counts.groups()))
    else:
        failed += 1
        print(f"{group} ended without its report")
if mine:
    mine.close()
print(f"\nwall clock: {time.monotonic() - launched:.0f} s for the Python tests, every group included")
if spent:
    # on two cores the groups share, a group's CPU seconds, not its wall clock, say what it costs the suite
    print(f"CPU seconds by group, every process each started included ({sum(spent.values()):.0f} s in all):")
    for group, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {seconds:6.0f} s  {group}")
print(f"python tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if failed == 0 and ran > 0 else 1)
