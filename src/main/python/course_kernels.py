"""The course's kernel on each JDK the tests and the benchmark use, as temporary kernelspecs.

Importing this module never touches the user's own kernelspecs: it writes its own into a
temporary folder that JUPYTER_PATH puts first. The JDKs are the one environment/setup found (COURSE_JAVA_HOME)
and the newest other JDK installed beside it (under /usr/lib/jvm), if there is one;
COURSE_TEST_JDKS (paths separated by ':') replaces that choice.
"""
import atexit
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
JAR = ROOT / "target" / "backprop-course.jar"


def java_major(home):
    out = subprocess.run([str(Path(home) / "bin" / "java"), "-XshowSettings:properties", "-version"],
                         capture_output=True, text=True).stderr
    m = re.search(r"java\.specification\.version = (\d+)", out)
    return int(m.group(1)) if m else 0


def has_jshell(home):
    out = subprocess.run([str(Path(home) / "bin" / "java"), "--list-modules"], capture_output=True, text=True).stdout
    return "jdk.jshell@" in out


def _default_jdk():
    home = os.environ.get("COURSE_JAVA_HOME")
    if home:
        return Path(home).resolve()
    return Path(shutil.which("java")).resolve().parents[1]


def test_jdks():
    """[(major, home)]: the default JDK first, then the newest other one."""
    if os.environ.get("COURSE_TEST_JDKS"):
        homes = [Path(h).resolve() for h in os.environ["COURSE_TEST_JDKS"].split(":") if h]
        return [(java_major(h), h) for h in homes]
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
    return chosen


JDKS = test_jdks()
_SPECS = Path(tempfile.mkdtemp(prefix="course-kernelspecs-"))
atexit.register(shutil.rmtree, _SPECS, True)
os.environ["JUPYTER_PATH"] = str(_SPECS) + os.pathsep + os.environ.get("JUPYTER_PATH", "")


def kernel_name(major):
    """A kernelspec of the course's kernel on that JDK, made from environment/kernel.json.template."""
    name = f"java-jdk{major}"
    spec_dir = _SPECS / "kernels" / name
    if not spec_dir.exists():
        home = dict((m, h) for m, h in JDKS)[major]
        template = (ROOT / "environment" / "kernel.json.template").read_text()
        spec = json.loads(template.replace("@JAVA@", str(home / "bin" / "java")).replace("@JAR@", str(JAR)))
        spec["display_name"] = f"Java (JDK {major})"
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return name
