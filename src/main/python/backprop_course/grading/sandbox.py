"""Grading's sandbox: a handed-in notebook's code runs in a box that holds only what the course's kernel
needs, with nobody's rights, no network and bounded resources.

The box is Debian's bubblewrap (bwrap, which environment/setup installs): new user, mount, PID, network,
IPC and UTS namespaces, made by an unprivileged user (Linux's user namespaces), so it needs no setuid
helper and works for root and an ordinary instructor alike. Inside it:

- the account: an ordinary instructor's own (mapped into the box, which is all it can reach: the rest
  of the machine is not mounted); when grading runs as root, a numeric account of the boxes' own (in
  Debian's reserved uids 64900-64999, one no name and no process has), never root; the box cannot make
  user namespaces of its own (--disable-userns);
- the files, read-only: all of /usr (the JDK, fonts, Graphviz), the few /etc entries Java and fontconfig
  read, the course's kernel and library jars and the kernel's class data, at their own paths, and /dev's
  devices; writable: the notebook's folder (empty), /tmp and /dev/shm, each a private memory file system
  of SANDBOX_DISK bytes. No home, no other submission, no reference notebook, no grades: they are not in
  the box; nor is the grader's environment (bwrap and the kernel start with only PATH) or terminal;
- the network: only the box's own loopback. The grader still talks to the kernel: the kernel listens on
  the box's 127.0.0.1, and a relay (this module, `relay`), which joins the box's network namespace only,
  carries each of the kernel's five ZeroMQ connections to a Unix socket in the grader's private folder,
  where jupyter_client connects with ZeroMQ's ipc transport. (The course's kernel speaks ZeroMQ through
  JeroMQ, whose ipc transport is TCP in disguise, so the box cannot simply be handed a Unix socket.);
- the bounds: the kernel's Java heap (-Xmx), CPU seconds (RLIMIT_CPU), processes and threads
  (RLIMIT_NPROC), the size of one file (RLIMIT_FSIZE) and of each writable file system (not: memory
  outside the Java heap, which needs a cgroup this machine may not offer); at the time limit
  the grader kills bwrap, whose box dies with it, and with the box's PID namespace every process started
  in it (a `sleep 600` left in the background included).

    python -m backprop_course.grading.sandbox relay NETWORK_FD FOLDER PREFIX PORT...   (started by SandboxedKernelManager)
"""
import asyncio
import ctypes
import fcntl
import json
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from backprop_course.kernels.kernelspec import KERNEL_ARGS
from backprop_course.paths import JAR, NOTEBOOKS

SANDBOX_DISK = 64 * 1024 * 1024       # bytes each of the box's two writable file systems may hold
SANDBOX_FILE = 32 * 1024 * 1024       # bytes one file may hold (RLIMIT_FSIZE)
SANDBOX_PROCESSES = 512               # processes and threads of the box's account, beyond those it has
SANDBOX_HEAP = "512m"                 # the kernel's Java heap, as the classroom's kernels
# the kernel's ports in the box: this plus the relay's socket number; below the ports Linux hands out for
# outgoing connections (32768 up, in a new network namespace): at 40000, the relay's connection to the
# shell port once took the IOPub port as its own end, and the kernel died with "Address already in use"
KERNEL_PORT_BASE = 20000
# what of /etc a JDK reads: Debian's JDKs keep their conf/ there (a link from the JDK), whatever their version
ETC = (*sorted(str(p) for p in Path("/etc").glob("java-*-openjdk")), "/etc/fonts", "/etc/ld.so.cache",
       "/etc/localtime", "/etc/alternatives")
PACKAGES = Path(__file__).resolve().parents[2]   # the folder this package is in: the relay's, as `python -m`'s
GRADING_UIDS = range(64900, 65000)   # Debian's reserved range: the box's account when grading runs as root


def problem():
    """Why no box can be made on this machine, or None."""
    if not shutil.which("bwrap"):
        return "bubblewrap is not installed (Debian: sudo apt-get install bubblewrap; environment/setup installs it)"
    try:
        tried = subprocess.run(_account(grading_uid()) + ["bwrap", "--unshare-all", "--ro-bind", "/usr", "/usr",
                                             "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                                             "--symlink", "usr/lib64", "/lib64", "/usr/bin/true"],
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bubblewrap could not run: {e}"
    if tried.returncode != 0:
        return ("bubblewrap cannot make a sandbox here (" + (tried.stderr.strip().splitlines() or ["no reason given"])[-1]
                + "): Linux's unprivileged user namespaces are needed (sysctl kernel.unprivileged_userns_clone=1)")
    return None


def grading_uid():
    """As root: a numeric account of its own for the boxes, with no name, no home and no process of
    anyone else (a shared account such as `nobody` would share its process quota, and its other
    processes could reach the box's). None for an ordinary user, whose own account is mapped into the box."""
    if os.geteuid() != 0:
        return None
    busy = {uid for uid in GRADING_UIDS if _named(uid)}
    for uid in GRADING_UIDS:
        if uid not in busy and _processes_of(uid) == 0:
            return uid
    raise RuntimeError(f"no free account for the sandbox in uids {GRADING_UIDS.start}-{GRADING_UIDS.stop - 1}")


def _named(uid):
    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        return False


def _account(uid):
    """The command prefix that drops root to the box's account; nothing for an ordinary user."""
    return [] if uid is None else ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]


def _box_processes(uid):
    """The box's RLIMIT_NPROC: what the account runs already and SANDBOX_PROCESSES more, within the
    grader's own hard limit where it has one (an instructor's server on the classroom's hub: their
    processes at most), which an ordinary account cannot raise."""
    wanted = _processes_of(uid) + SANDBOX_PROCESSES
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    return wanted if hard == resource.RLIM_INFINITY or os.geteuid() == 0 else min(wanted, hard)


def _processes_of(uid):
    """Processes and threads whose real user is uid (what RLIMIT_NPROC counts)."""
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = entry.joinpath("status").read_text()
                real = int(status.split("\nUid:")[1].split()[0])
                count += int(status.split("\nThreads:")[1].split()[0]) if real == uid else 0
            except (OSError, IndexError, ValueError):
                pass
    return count


class SandboxFiles:
    """What the boxes of one grading run mount read-only: copies of the kernel's and the library's jars
    and the kernel's class data, in a folder the box's account can read (a root's clone may be in a home
    that the box's account cannot enter), each mounted at its own path in the box so that the paths the class data
    recorded stay true. Each file is copied once, when a box first needs it."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="course-sandbox-"))
        os.chmod(self.folder, 0o755)
        self._copies = {}

    def mounts(self, paths):
        """["--ro-bind", copy, path, ...] for each of the files that exists."""
        mounts = []
        for path in map(Path, paths):
            if path not in self._copies and path.exists():
                copy = self.folder / f"{len(self._copies)}-{path.name}"
                shutil.copy2(path, copy)
                os.chmod(copy, 0o644)
                self._copies[path] = copy
            if path in self._copies:
                mounts += ["--ro-bind", str(self._copies[path]), str(path)]
        return mounts

    def close(self):
        shutil.rmtree(self.folder, True)


class SandboxedKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, for the course's kernel in a box: the kernel's own connection file
    names TCP ports on the box's loopback, the grader's names the relay's Unix sockets (ipc)."""

    sandbox_files = None      # SandboxFiles, set by the grader before the first kernel starts
    cpu_seconds = 600

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._folder = Path(tempfile.mkdtemp(prefix="course-kernel-"))   # the grader's: 0700
        self._relay = None
        self.last_words = ""   # the end of what the box printed, once its kernel has stopped: why it died
        self.transport = "ipc"
        self.ip = str(self._folder / "k")

    def java_command(self):
        """The kernel's JVM command: the kernelspec's own when it runs java itself (a test's JDK), else
        the one environment/setup recorded for the "java" kernelspec's launcher (target/kernel-args)."""
        argv = list(self.kernel_spec.argv)
        if argv and argv[0].endswith("/java") and argv[-1] == "{connection_file}":
            return argv[:-1]
        return [a for a in KERNEL_ARGS.read_text(encoding="utf-8").split("\n") if a]

    def format_kernel_cmd(self, extra_arguments=None):
        info = json.loads(Path(self.connection_file).read_text(encoding="utf-8"))
        names = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
        self._ports = [info[name] for name in names]
        box = {**info, "transport": "tcp", "ip": "127.0.0.1", **{name: KERNEL_PORT_BASE + info[name] for name in names}}
        inside = self._folder / "box"
        inside.mkdir()
        (inside / "connection.json").write_text(json.dumps(box), encoding="utf-8")
        self._uid = grading_uid()
        if self._uid is not None:   # the box's account reads its connection file, nobody else does
            os.chown(inside, self._uid, self._uid)
            os.chown(inside / "connection.json", self._uid, self._uid)
            os.chmod(self._folder, 0o711)
        os.chmod(inside, 0o700)
        uid = os.geteuid() if self._uid is None else self._uid
        limits = ["prlimit", f"--cpu={self.cpu_seconds}", f"--fsize={SANDBOX_FILE}",
                  f"--nproc={_box_processes(uid)}", "--core=0", "--"]
        # the box's own /tmp first: a clone (or a JDK) under the machine's /tmp is mounted into it
        mounts = ["--proc", "/proc", "--dev", "/dev", "--size", str(SANDBOX_DISK), "--tmpfs", "/dev/shm", "--remount-ro", "/dev",
                  "--size", str(SANDBOX_DISK), "--tmpfs", "/tmp",
                  "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                  "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin"]
        for path in ETC:
            if os.path.exists(path):
                mounts += ["--ro-bind", path, path]
        java = self.java_command()
        jdk = Path(java[0]).resolve().parents[1]
        if not str(jdk).startswith("/usr/"):   # a JDK outside /usr
            mounts += ["--ro-bind", str(jdk), str(jdk)]
        files = [JAR, java[java.index("-jar") + 1]]
        files += [a.split("=", 1)[1] for a in java if a.startswith(("-XX:SharedArchiveFile=", "-XX:AOTCache="))]
        mounts += self.sandbox_files.mounts(files)
        notebooks = str(NOTEBOOKS)
        mounts += ["--size", str(SANDBOX_DISK), "--tmpfs", notebooks,
                   "--ro-bind", str(inside / "connection.json"), "/run/course/connection.json",
                   "--remount-ro", "/", "--chdir", notebooks]
        environment = ["--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp",
                       "--setenv", "LANG", "C.UTF-8", "--setenv", "COURSE_KERNEL_PROBLEM", ""]
        java = [java[0], f"-Xmx{SANDBOX_HEAP}", "-XX:-UsePerfData", *java[1:],
                "/run/course/connection.json"]
        return limits + _account(self._uid) + ["bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
                                               "--die-with-parent", "--new-session", *environment, *mounts, "--", *java]

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        # bwrap's own first process in the box keeps the environment it was started with (--clearenv
        # cleans only the kernel's), and the box must not write to the grader's terminal: what it prints
        # goes to a file of the grader's (RLIMIT_FSIZE bounds it), read if the kernel dies
        with open(self._folder / "box.log", "wb") as said:
            kw.update(env={"PATH": "/usr/bin:/bin"}, stdout=said, stderr=subprocess.STDOUT)
            await super()._async_launch_kernel(kernel_cmd, **kw)
        try:
            network = self._box_network(self.provisioner.process)
            if network is None:   # the box ended as it started: the kernel's death is told as any other's
                return
            try:
                self._relay = subprocess.Popen(
                    [sys.executable, "-m", __name__, "relay", str(network), str(self._folder), "k", *map(str, self._ports)],
                    stdin=subprocess.DEVNULL, start_new_session=True, pass_fds=(network,), cwd=PACKAGES)
            finally:
                os.close(network)
        except BaseException:
            self.provisioner.process.kill()
            shutil.rmtree(self._folder, True)
            raise

    @staticmethod
    def _box_network(bwrap, seconds=30):
        """The box's network namespace, open: that of bwrap's child, once it is in one of its own. None if
        bwrap (a subprocess.Popen) has ended already, as it does when the kernel cannot start."""
        ours = os.readlink("/proc/self/ns/net")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if bwrap.poll() is not None:
                return None
            try:
                for child in Path(f"/proc/{bwrap.pid}/task/{bwrap.pid}/children").read_text().split():
                    if os.readlink(f"/proc/{child}/ns/net") != ours:
                        return os.open(f"/proc/{child}/ns/net", os.O_RDONLY)
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("the sandbox did not start within 30 s")

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart)
        try:
            with open(self._folder / "box.log", "rb") as said:
                said.seek(max(0, os.fstat(said.fileno()).st_size - 2000))
                self.last_words = said.read().decode("utf-8", "replace").strip()
        except OSError:
            pass
        if self._relay is not None:
            self._relay.kill()
            self._relay.wait()
            self._relay = None
        shutil.rmtree(self._folder, True)

    cleanup_resources = _async_cleanup_resources


def kernel_manager(files, time_limit):
    """A SandboxedKernelManager class for one grading run: its boxes mount `files`, and each kernel may
    use the CPU for twice the time limit (the JVM's own threads beside the learner's) and half a minute."""
    return type("GradingKernelManager", (SandboxedKernelManager,),
                {"sandbox_files": files, "cpu_seconds": int(2 * time_limit + 30)})


# ---- the relay, run inside the box's network namespace --------------------------------------------

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
NS_GET_USERNS = 0xB701   # ioctl _IO(0xb7, 0x1): the user namespace that owns a namespace
PR_SET_PDEATHSIG = 1


def _enter_network(network):
    """Joins the box's network namespace, open as descriptor `network` (the grader opened it while the
    box lived, so a recycled process number cannot send the relay elsewhere). Root may; an ordinary
    user first joins the user namespace that owns it, which bwrap made for them (bwrap sets the box up
    as root of a first user namespace, makes its network namespace there, then runs the kernel in a
    second, nested one: the first is the one whose rights are needed). Before any thread starts: a
    process with threads cannot change its user namespace."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)   # the grader is gone: so is the relay
    if os.geteuid() != 0:
        owner = fcntl.ioctl(network, NS_GET_USERNS)
        if libc.setns(owner, CLONE_NEWUSER) != 0:
            raise OSError(ctypes.get_errno(), "the relay could not join the sandbox's user namespace")
    if libc.setns(network, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "the relay could not join the sandbox's network")
    os.close(network)
    os.umask(0o077)   # its sockets are the grader's alone from the moment they exist


async def _pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def _relay(folder, prefix, ports):
    async def serve(port, reader, writer):
        for _ in range(600):   # the kernel may not listen yet: it starts in about a second
            try:
                kernel_reader, kernel_writer = await asyncio.open_connection("127.0.0.1", KERNEL_PORT_BASE + port)
                break
            except OSError:
                await asyncio.sleep(0.05)
        else:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, kernel_writer), _pipe(kernel_reader, writer))

    servers = []
    for port in ports:
        path = Path(folder) / f"{prefix}-{port}"
        servers.append(await asyncio.start_unix_server(lambda r, w, p=port: serve(p, r, w), path=str(path)))
    await asyncio.Event().wait()   # until the grader kills it


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) >= 5 and argv[0] == "relay":
        _enter_network(int(argv[1]))
        asyncio.run(_relay(argv[2], argv[3], [int(p) for p in argv[4:]]))
        return 0
    print(__doc__.rsplit("\n\n", 1)[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
