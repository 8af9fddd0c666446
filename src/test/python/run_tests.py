"""Runs the Python tests (kernel protocol, kernel behaviour, notebooks, exercises and grading, the
site, JupyterLab, Notebook 7 and Jupyter Notebook 6 in a browser) and ends with where the time went (each test class's
seconds, the slowest first) and one line, 'python tests: N passed, N failed, N skipped'.
Arguments: test module names to run only those.

Run whole, the browser tests run in a second process beside the others: they keep Chromium busy,
while the others mostly wait on kernels (an interrupt, a notebook's cells), so on two cores the
suite ends about a browser test's time sooner. Their report is printed after the others'.
"""
import collections
import re
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

BROWSER_TESTS = ("test_site", "test_notebook_app", "test_lab_app")


class TimedResult(unittest.TextTestResult):
    """Adds up each test class's time: from the end of the test before to the end of each of its
    tests, so its setUpClass counts too (and the class before's tearDownClass, a small error)."""
    seconds = collections.Counter()
    last = time.monotonic()

    def stopTest(self, test):
        super().stopTest(test)
        now = time.monotonic()
        TimedResult.seconds[type(test).__name__] += now - TimedResult.last
        TimedResult.last = now


here = Path(__file__).resolve().parent
sys.path.insert(0, str(here))
loader = unittest.TestLoader()
names = sys.argv[1:]
beside = None
if not names:
    names = sorted(p.stem for p in here.glob("test_*.py") if p.stem not in BROWSER_TESTS)
    beside_log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    beside = subprocess.Popen([sys.executable, __file__, *BROWSER_TESTS], stdout=beside_log, stderr=subprocess.STDOUT)
suite = loader.loadTestsFromNames(names)
started = TimedResult.last = time.monotonic()
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=TimedResult).run(suite)
print(f"\nwhere the time went ({time.monotonic() - started:.0f} s in all):")
for name, seconds in TimedResult.seconds.most_common():
    print(f"  {seconds:6.1f} s  {name}")
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
passed = result.testsRun - failed - skipped
ran = result.testsRun
if beside is not None:
    beside.wait()
    beside_log.seek(0)
    report = beside_log.read()
    print(f"\n---- the browser tests, run beside the others ({', '.join(BROWSER_TESTS)}) ----\n{report}")
    counts = re.search(r"python tests: (\d+) passed, (\d+) failed, (\d+) skipped", report)
    if counts:
        passed, failed, skipped = (a + int(b) for a, b in zip((passed, failed, skipped), counts.groups()))
        ran += sum(map(int, counts.groups()))
    else:
        failed += 1
        print("the browser tests ended without their report")
print(f"python tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if failed == 0 and ran > 0 else 1)
