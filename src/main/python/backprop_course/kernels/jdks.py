"""The JDKs the tests and the benchmark run the course's kernel on, and a kernelspec for each.

The JDKs are the one environment/setup found (COURSE_JAVA_HOME, else the java on PATH) and the
newest other JDK 17+ with JShell installed beside it under /usr/lib/jvm, if there is one;
COURSE_TEST_JDKS (paths separated by ':') replaces that choice. Nothing is probed or written
until a function is called.
"""
import functools
import os
import shutil
from pathlib import Path

from backprop_course.kernels.kernelspec import has_jshell, java_major, jvm_options, kernelspec, temporary_kernelspec


def _default_jdk():
    home = os.environ.get("COURSE_JAVA_HOME")
    if home:
        return Path(home).resolve()
    return Path(shutil.which("java")).resolve().parents[1]


@functools.cache
def test_jdks():
    """((major, home), ...): the default JDK first, then the newest other one."""
    if os.environ.get("COURSE_TEST_JDKS"):
        homes = [Path(h).resolve() for h in os.environ["COURSE_TEST_JDKS"].split(":") if h]
        return tuple((java_major(h), h) for h in homes)
    default = _default_jdk()
    chosen = [(java_major(default), default)]
    others = {}
    for candidate in Path("/usr/lib/jvm").glob("*"):
        home = candidate.resolve()
        if home == default or not (home / "bin" / "java").exists() or not has_jshell(home):
            continue
        major = java_major(home)
        if major >= 17 and major != chosen[0][0]:
            others[major] = home
    if others:
        newest = max(others)
        chosen.append((newest, others[newest]))
    return tuple(chosen)


@functools.cache
def kernel_name(major):
    """A kernelspec of the course's kernel on that JDK, as environment/setup installs it (with the
    JDK's options and class data, recorded first if needed), for this process only."""
    home = dict(test_jdks())[major]
    spec = kernelspec(home, jvm_options(home))
    spec["display_name"] = f"Java (JDK {major})"
    return temporary_kernelspec(f"java-jdk{major}", spec)


def main(argv=None):
    """Readies the kernel's class data on every test JDK, or with --others on all but the one setup
    found (environment/test has setup record those while it records its own, one on each core)."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m backprop_course.kernels.jdks", description=main.__doc__)
    parser.add_argument("--others", action="store_true", help="only the JDKs beside the one environment/setup found")
    others = parser.parse_args(argv).others
    for _major, home in test_jdks():
        if not (others and home == _default_jdk()):
            jvm_options(home)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main())
