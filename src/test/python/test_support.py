"""What the Python tests share: the paths, the JDKs the kernel is tested on (kernels.jdks: the
default JDK and the newest other one) with a kernelspec for each, and per_jdk, which makes a
test class's copy for each of those JDKs."""
import contextlib
import fcntl
import unittest

from backprop_course.kernels.jdks import kernel_name, test_jdks  # noqa: F401 (the tests import it from here)
from backprop_course.kernels.starting import start_kernel  # noqa: F401 (the tests import it from here)
from backprop_course.paths import JAR, ROOT  # noqa: F401 (the tests import them from here)

JDKS = test_jdks()


@contextlib.contextmanager
def clone_readable(by_others=True):
    """While a classroom runs, the clone's notebooks/, .git and site are its owner's alone (classroom start
    makes them so, stop gives the rights back). The test groups run side by side: a test that needs another
    account to read the clone holds this lock shared (by_others), a hub holds it exclusive."""
    (ROOT / "target").mkdir(exist_ok=True)
    with open(ROOT / "target" / "clone-readable.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH if by_others else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def per_jdk(namespace, *bases, attributes=lambda major: {}):
    """Adds to the module's namespace, for each test JDK and each base (a mix-in with the tests,
    reading self.major, and whatever attributes(major) gives), a test class named
    <base>Jdk<major>: only these run."""
    for major, _home in JDKS:
        for base in bases:
            name = f"{base.__name__}Jdk{major}"
            parents = (base,) if issubclass(base, unittest.TestCase) else (base, unittest.TestCase)
            namespace[name] = type(name, parents, {"major": major, "__module__": namespace["__name__"], **attributes(major)})

