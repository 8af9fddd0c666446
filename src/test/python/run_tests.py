"""Runs the Python tests (kernel protocol, kernel behaviour, notebooks, exercises and grading, the
site and Jupyter Notebook in a browser) and ends with where the time went (each test class's
seconds, the slowest first) and one line, 'python tests: N passed, N failed, N skipped'.
Arguments: test module names to run only those."""
import collections
import sys
import time
import unittest
from pathlib import Path


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
suite = loader.loadTestsFromNames(names) if names else loader.discover(str(here), pattern="test_*.py", top_level_dir=str(here))
started = TimedResult.last = time.monotonic()
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=TimedResult).run(suite)
print(f"\nwhere the time went ({time.monotonic() - started:.0f} s in all):")
for name, seconds in TimedResult.seconds.most_common():
    print(f"  {seconds:6.1f} s  {name}")
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
passed = result.testsRun - failed - skipped
print(f"python tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
