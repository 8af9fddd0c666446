"""The course's kernel on each JDK: its kernelspec, its class data, temporary kernelspecs.

    python -m backprop_course.kernels.kernelspec install JAVA_HOME SPEC_DIR
        installs the "java" kernelspec into SPEC_DIR for this clone of the course, on that JDK
        (recording the class data first if they are missing or unusable); see install()

The installed kernelspec starts environment/kernel-launcher, which runs the kernel of the clone
that holds the notebook (target/kernel-args, written here), so that two clones never share, or
lose, one kernel.

The class data (target/class-data/<jdk folder>.aot or .jsa) hold the classes a kernel session
loads (the kernel, JShell and javac) ready to map: on JDK 25 and newer an AOT cache (classes
loaded and linked, and method profiles), on older JDKs an AppCDS archive (classes parsed and
verified). The kernel JVM maps them instead of loading those classes one by one, which takes
about a third off the time from starting a kernel to its first result. They are recorded by a
real session: one kernel runs the code cells of the first lessons (RECORDED_LESSONS) with
-XX:AOTCacheOutput (or -XX:ArchiveClassesAtExit), and the JVM writes them as the kernel shuts down.
Lessons 00-05 hold every kind of cell the course has (tables, charts, matrices, sliders, checks);
06 and 07 add mostly running time. Measured on JDK 17 and 25: recorded from 00-05, the recording
takes half the time of all eight lessons' (15 and 20 CPU seconds, not 31 and 40), kernels start
as fast, and a Run All of every lesson costs 1% more (32.8 CPU seconds, not 32.5). Class data belong
to one JDK and one build of the kernel's jar; with others the JVM says so in the kernel's log
and runs without them (slower, nothing else), so environment/setup checks them every time and
records them again when the jar changed.

Importing this module does nothing. The kernelspecs it runs kernels with (the class data's
recording session; kernels.jdks' kernels for the tests and the benchmark) go into a temporary
folder, made on first use and put first on JUPYTER_PATH: the user's own kernelspecs are never touched.
"""
import atexit
import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from backprop_course.paths import ENVIRONMENT, JAR, KERNEL_JAR, ROOT, TARGET

TEMPLATE = ENVIRONMENT / "kernel.json.template"
LAUNCHER = ENVIRONMENT / "kernel-launcher"
KERNEL_ARGS = TARGET / "kernel-args"   # this clone's kernel command, one argument a line
CLASS_DATA_DIR = TARGET / "class-data"
RECORDED_LESSONS = 6   # the recording session runs lessons 00-05 (see above)


@functools.cache
def java_major(home):
    out = subprocess.run([str(Path(home) / "bin" / "java"), "-XshowSettings:properties", "-version"],
                         capture_output=True, text=True).stderr
    m = re.search(r"java\.specification\.version = (\d+)", out)
    return int(m.group(1)) if m else 0


def has_jshell(home):
    out = subprocess.run([str(Path(home) / "bin" / "java"), "--list-modules"], capture_output=True, text=True).stdout
    return "jdk.jshell@" in out


def kernelspec(home, jdk_options=()):
    """environment/kernel.json.template for that JDK, as a dict, with jdk_options (see jvm_options)
    in place of its "@JDK_OPTIONS@"."""
    text = TEMPLATE.read_text().replace("@JAVA@", str(Path(home) / "bin" / "java")).replace("@KERNEL_JAR@", str(KERNEL_JAR))
    spec = json.loads(text)
    at = spec["argv"].index("@JDK_OPTIONS@")
    spec["argv"][at:at + 1] = list(jdk_options)
    return spec


@functools.cache
def _temporary_kernelspecs():
    """A temporary folder for kernelspecs, put first on JUPYTER_PATH (made once, removed at exit)."""
    folder = Path(tempfile.mkdtemp(prefix="course-kernelspecs-"))
    atexit.register(shutil.rmtree, folder, True)
    os.environ["JUPYTER_PATH"] = str(folder) + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    return folder


def temporary_kernelspec(name, spec):
    """Installs the kernelspec under that name for this process only; returns the name."""
    spec_dir = _temporary_kernelspecs() / "kernels" / name
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return name


def jvm_options(home):
    """The kernel JVM's options that depend on the JDK: its class data (recorded first if needed;
    left out, with a note on stderr, when that fails: the kernel then starts slower), and from
    JDK 23 on, --sun-misc-unsafe-memory-access=allow, which keeps Tablesaw's class scanner
    (ClassGraph, through sun.misc.Unsafe) from writing a warning into Jupyter's log."""
    options = []
    try:
        options.append(ClassData(home).make())
    except RuntimeError as e:
        print(f"kernels: no class data for the kernel on {home}: {e}", file=sys.stderr)
    if java_major(home) >= 23:
        options.append("--sun-misc-unsafe-memory-access=allow")
    return options


class ClassData:
    """The kernel's class data on one JDK. JDK 25 and newer: an AOT cache (JEP 483 and 515: the
    classes loaded and linked, and method profiles; made in one step since JDK 25). Older JDKs:
    a dynamic AppCDS archive (the classes parsed and verified)."""

    def __init__(self, home):
        self.home = Path(home)
        self.java = str(self.home / "bin" / "java")
        self.aot = java_major(self.home) >= 25
        self.path = CLASS_DATA_DIR / f"{self.home.resolve().name}{'.aot' if self.aot else '.jsa'}"

    def option(self, path=None):
        """The JVM option that uses the class data."""
        return f"-XX:{'AOTCache' if self.aot else 'SharedArchiveFile'}={path or self.path}"

    def record_options(self, path):
        """The JVM options that write the class data as the JVM exits. An AOT cache is made without method
        profiles (JEP 515's training data): the kernel's JVM compiles with C1 alone (-XX:TieredStopAtLevel=1),
        for which profiles only bring compiling forward. Measured on JDK 25: a Run All of lesson 01 took the
        kernel 3.25 CPU seconds with them and 3.1 without, and a kernel started in 0.51 s with them, 0.41 without."""
        if self.aot:
            return ["-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining", f"-XX:AOTCacheOutput={path}"]
        return [f"-XX:ArchiveClassesAtExit={path}"]

    def works(self, path=None):
        """Whether the class data is newer than the kernel's jar and the kernel's JVM maps it: told
        to use it or fail (-XX:AOTMode=on, -Xshare:on), the JVM refuses to start otherwise; started
        without a connection file, the kernel only prints its usage (exit code 2)."""
        path = Path(path or self.path)
        if not path.is_file() or not KERNEL_JAR.is_file() or path.stat().st_mtime < KERNEL_JAR.stat().st_mtime:
            return False
        argv = kernelspec(self.home, [self.option(path)])["argv"]
        strict = "-XX:AOTMode=on" if self.aot else "-Xshare:on"
        run = subprocess.run([argv[0], strict] + argv[1:-1], capture_output=True, text=True)
        return run.returncode == 2 and "usage:" in run.stderr

    def make(self):
        """The class data as they are if they still work, else new ones, recorded by a kernel
        that runs the first lessons' code cells. Returns the option that uses them; raises
        RuntimeError when the JVM wrote nothing usable. Two processes that make the same class data
        at once (setup and a test run, two test groups) record them once: the second waits for the first."""
        if self.works():
            return self.option()
        CLASS_DATA_DIR.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self.option() if self.works() else self._make()

    def _make(self):
        if not (JAR.is_file() and KERNEL_JAR.is_file()):
            raise RuntimeError(f"{JAR.name} or {KERNEL_JAR.name} is missing from target/: run environment/setup")
        print(f"kernels: recording the kernel's class data for {self.home} "
              f"(one kernel runs the code cells of lessons 00-{RECORDED_LESSONS - 1:02d}, about 10 s)", file=sys.stderr)
        partial = self.path.with_name(f"{self.path.stem}.{os.getpid()}.partial{self.path.suffix}")
        log = tempfile.TemporaryFile(mode="w+")
        try:
            try:
                self._record(partial, log)
            except Exception as e:  # a kernel that would not start, a cell that hung
                raise RuntimeError(f"the recording session failed: {e!r}") from e
            if not self.works(partial):
                log.seek(0)
                raise RuntimeError(f"the JVM wrote no usable class data; its log:\n{log.read()[-2000:]}")
            os.replace(partial, self.path)
        finally:
            partial.unlink(missing_ok=True)
        return self.option()

    def _record(self, partial, log):
        import nbformat

        from backprop_course import notebooks
        from backprop_course.kernels.starting import start_kernel

        name = temporary_kernelspec(f"java-record-{self.path.stem}", kernelspec(self.home, self.record_options(partial)))
        km, kc = start_kernel(kernel_name=name, cwd=str(notebooks.NOTEBOOKS),
                                  stdout=subprocess.DEVNULL, stderr=log)
        try:
            for path in notebooks.course_notebooks()[:RECORDED_LESSONS]:
                for cell in nbformat.read(path, as_version=4).cells:
                    if cell.cell_type == "code":
                        kc.execute_interactive(cell.source, timeout=120, allow_stdin=False, output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
            km.shutdown_wait_time = 120  # the JVM writes the class data as it exits: give it time
            km.shutdown_kernel(now=False)


def install(home, spec_dir, root=ROOT):
    """Installs the kernelspec into spec_dir: its kernel.json starts the launcher (copied beside it
    as "launch"), which runs the kernel of the clone holding the notebook; this clone's kernel
    command goes to target/kernel-args, and this clone joins the list ("courses", newest last)
    of clones the launcher falls back on for a notebook outside every clone. root: the clone
    (a test installs for folders made to look like clones)."""
    spec = kernelspec(home, jvm_options(home))
    argv = spec["argv"]
    _write(Path(root) / KERNEL_ARGS.relative_to(ROOT), "".join(arg + "\n" for arg in argv[:argv.index("{connection_file}")]))
    spec_dir = Path(spec_dir)
    spec_dir.mkdir(parents=True, exist_ok=True)
    _write(spec_dir / "launch", LAUNCHER.read_text(), mode=0o755)
    courses = spec_dir / "courses"
    known = [c for c in (courses.read_text().splitlines() if courses.exists() else [])
             if c and c != str(root) and Path(c).is_dir()]   # clones deleted since leave the list
    _write(courses, "".join(c + "\n" for c in known + [str(root)]))
    spec["argv"] = ["/bin/bash", "{resource_dir}/launch", "{connection_file}"]
    _write(spec_dir / "kernel.json", json.dumps(spec, indent=1, ensure_ascii=False) + "\n")


def _write(path, text, mode=0o644):
    """Writes the file through a temporary one beside it: a reader sees the old or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    os.chmod(partial, mode)
    os.replace(partial, path)


def main(argv):
    if len(argv) != 3 or argv[0] != "install":
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    install(Path(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
