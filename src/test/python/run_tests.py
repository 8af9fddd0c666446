"""Runs the Python tests (kernel protocol, kernel behaviour, notebooks, exercises and grading, the
site, JupyterLab, Notebook 7 and Jupyter Notebook 6 in a browser, the classroom on JupyterHub) and ends
with where the time went (each test class's seconds, the slowest first, and every test of 15 s or more,
for every group; and the CPU time each group and what it started used) and one line,
'python tests: N passed, N failed, N skipped'.
Arguments: test module names (or module.Class, module.Class.test) to run only those, in this process.

Run whole, the suite runs in groups side by side, each group in a process of its own: the browser
tests (they keep Chromium busy), the classroom (one JupyterHub after another, with real accounts),
nbgrader, the grading sandbox (a kernel per submission), the notebooks (each lesson run on both JDKs,
then the student copies and grading, which reuse those runs, and the workspace), and the rest (the
kernel, widgets) here; each group's report is printed after this process's own. On two cores the
groups keep both busy (the suite is CPU-bound then: more groups do not make it faster), so a test
waits for events with generous limits, never for a fixed short time.
"""
import collections
import re
import resource
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

# the groups run beside this process, each in its own; the longest first
GROUPS = {
    "browser": ("test_lab_app", "test_notebook_app", "test_site"),
    "classroom": ("test_classroom",),
    "nbgrader": ("test_nbgrader",),
    "sandbox": ("test_sandbox",),
    # in this order and in one process: test_exercises and test_grading reuse the lessons' runs
    # test_notebooks made (notebook_runs keeps them for the process)
    "notebooks": ("test_notebooks", "test_exercises", "test_grading", "test_workspace", "test_kernelspec"),
}


class TimedResult(unittest.TextTestResult):
    """Adds up each test class's time: from the end of the test before to the end of each of its
    tests, so its setUpClass counts too (and the class before's tearDownClass, a small error); and
    keeps each test's own."""
    seconds = collections.Counter()
    tests = collections.Counter()
    last = time.monotonic()

    def startTest(self, test):
        super().startTest(test)
        self.test_started = time.monotonic()

    def stopTest(self, test):
        super().stopTest(test)
        now = time.monotonic()
        TimedResult.seconds[type(test).__name__] += now - TimedResult.last
        TimedResult.tests[f"{type(test).__name__}.{test._testMethodName}"] += now - self.test_started
        TimedResult.last = now


def cpu_seconds(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


here = Path(__file__).resolve().parent   # on the path already: the script's own folder
loader = unittest.TestLoader()
names = sys.argv[1:]
beside = {}
if not names:
    grouped = {name for group in GROUPS.values() for name in group}
    names = sorted(p.stem for p in here.glob("test_*.py") if p.stem not in grouped)
    for group, modules in GROUPS.items():
        log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        beside[group] = (modules, log, subprocess.Popen([sys.executable, __file__, *modules], stdout=log, stderr=subprocess.STDOUT))
suite = loader.loadTestsFromNames(names)
started = TimedResult.last = time.monotonic()
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=TimedResult).run(suite)
print(f"\nwhere the time went ({time.monotonic() - started:.0f} s in all):")
for name, seconds in TimedResult.seconds.most_common():
    print(f"  {seconds:6.1f} s  {name}")
slow = [(name, seconds) for name, seconds in TimedResult.tests.most_common() if seconds >= 15]
if slow:
    print("the tests of 15 s or more:")
    for name, seconds in slow:
        print(f"  {seconds:6.1f} s  {name}")
# the CPU this process and the processes it started and waited for used (kernels, servers, browsers): on
# two cores the groups share, a group's CPU seconds, not its wall clock, say what it costs the suite
print(f"CPU: {cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN):.0f} s, "
      "this process and what it started")
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
passed = result.testsRun - failed - skipped
ran = result.testsRun
for group, (modules, log, process) in beside.items():
    process.wait()
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
print(f"\nwall clock: {time.monotonic() - started:.0f} s for the Python tests, every group included")
print(f"python tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if failed == 0 and ran > 0 else 1)
