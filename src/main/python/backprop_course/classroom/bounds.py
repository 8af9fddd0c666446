"""What each student's server may use at most, as a whole: everything it starts (JupyterLab, kernels,
terminals and what they run) shares one bound on processes and threads, one on memory (resident, not
only a kernel's Java heap) and one on CPU, so that one student's fork bomb, 20 GB allocation or endless
threads stop at that student.

The machine's own mechanism: a control group per student in the kernel's cgroup v1 controllers
(memory, pids, cpu), made and filled by the hub (classroom/spawner.py), which runs as root, and
RLIMIT_NPROC for the student's processes as well (the kernel counts them per account, and an
ordinary account cannot raise its hard limit: not by `ulimit -u`, a new login, or a kernel of its
own). Where the cgroup v1 controllers are not mounted and writable (a cgroup v2 machine, systemd's
or not), there is no bound on memory and CPU here: `environment/classroom start` refuses unless the
instructor accepts that (--accept-unbounded-students).

This module reads and writes /sys/fs/cgroup only; the hub's spawner calls make_group, join and
end_group.
"""
import errno
import hashlib
import os
import pwd
import re
import signal
import time
from pathlib import Path

CGROUP_V1 = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "pids", "cpu")
PERIOD_US = 100_000   # the CPU bound's period: cpu.cfs_quota_us out of every 100 ms
SIZE = re.compile(r"([1-9][0-9]*)([mMgG])")


class StudentBounds:
    """memory: a size such as 2G or 1536M; processes: processes and threads together; cpu: cores."""

    def __init__(self, memory="2G", processes=256, cpu=1.0):
        match = SIZE.fullmatch(memory)
        if not match:
            raise ValueError(f"--student-memory {memory!r}: write a size such as 2G or 1536M")
        self.memory_bytes = int(match.group(1)) * (1 << (30 if match.group(2) in "gG" else 20))
        if self.memory_bytes < 256 << 20:
            raise ValueError(f"--student-memory {memory}: a student's server needs 256M at least (JupyterLab and one kernel)")
        if processes < 64:
            raise ValueError(f"--student-processes {processes}: 64 at least (a Java kernel alone runs about 25 threads)")
        if not 0.1 <= cpu <= os.cpu_count():
            raise ValueError(f"--student-cpu {cpu:g}: between 0.1 and this machine's {os.cpu_count()} cores")
        self.memory, self.processes, self.cpu = memory.upper(), processes, cpu

    def said(self):
        return (f"each student's server, everything it starts included, at most {self.memory} of memory, "
                f"{self.processes} processes and threads, {self.cpu:g} core(s)")

    def files(self):
        """Each cgroup v1 file the bounds are written to, with its value."""
        return {("memory", "memory.limit_in_bytes"): self.memory_bytes,
                ("memory", "memory.memsw.limit_in_bytes"): self.memory_bytes,   # swap counts too, where accounted
                ("pids", "pids.max"): self.processes,
                ("cpu", "cpu.cfs_period_us"): PERIOD_US,
                ("cpu", "cpu.cfs_quota_us"): round(self.cpu * PERIOD_US)}


def mechanism():
    """"cgroup v1" where its memory, pids and cpu controllers are mounted and this process may make
    groups in them (root), else None."""
    for controller in CONTROLLERS:
        folder = CGROUP_V1 / controller
        if not (folder / "cgroup.procs").is_file() or not os.access(folder, os.W_OK):
            return None
    return "cgroup v1"


def class_name(state):
    """The class's folder in each controller: one per hub folder, so that two classes on one machine keep apart."""
    return "backprop-course/" + hashlib.sha256(str(Path(state).resolve()).encode()).hexdigest()[:12]


def groups(the_class, student):
    """The student's group in each controller. In cpu's, a group at the top level, beside the machine's
    processes: cgroup v1 weighs a group (cpu.shares, 1024) as one process among its siblings, so that
    students' groups under one class folder would weigh as one process all together and, on a busy
    machine, starve; at the top, each student's server weighs as one of the machine's processes."""
    return [CGROUP_V1 / "memory" / the_class / student, CGROUP_V1 / "pids" / the_class / student,
            CGROUP_V1 / "cpu" / f"{the_class.replace('/', '-')}-{student}"]


def make_group(the_class, student, bounds):
    """The student's control groups, made (or kept) with the bounds written; what a stopped server of
    theirs left running in them is ended first. Returns the folders, for join()."""
    folders = groups(the_class, student)
    end_processes(folders)
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    folder_of = dict(zip(CONTROLLERS, folders))
    # the student reads their own memory group (environment/kernel-launcher: how often the machine stopped a
    # program of theirs at the bound), not a classmate's: the class's folders may be passed, not listed
    memory = folder_of["memory"]
    for parent in (memory.parent, memory.parent.parent):
        parent.chmod(0o711)
    os.chown(memory, 0, pwd.getpwnam(student).pw_gid)
    memory.chmod(0o750)
    for (controller, name), value in bounds.files().items():
        path = folder_of[controller] / name
        if name == "memory.limit_in_bytes" and (path.parent / "memory.memsw.limit_in_bytes").exists():
            # memsw may never be below the memory limit: lower memsw after, raise it before
            current = int((path.parent / "memory.memsw.limit_in_bytes").read_text())
            if value > current:
                (path.parent / "memory.memsw.limit_in_bytes").write_text(str(value))
        if path.exists():
            path.write_text(str(value))
    return folders


def join(folders):
    """Puts the calling process into the groups (a new server, between fork and exec: its every child follows)."""
    pid = str(os.getpid())
    for folder in folders:
        (folder / "cgroup.procs").write_text(pid)


def members(folders):
    pids = set()
    for folder in folders:
        try:
            pids |= {int(line) for line in (folder / "cgroup.procs").read_text().split()}
        except OSError:
            pass
    return pids


def end_processes(folders, seconds=10):
    """Kills every process left in the groups (a terminal's background jobs outlive the server). A killed
    process leaves the group's list once all its threads have ended (a JVM's take a moment); a zombie is
    not listed, so waiting for the list to empty waits for no parent."""
    deadline = time.monotonic() + seconds
    while (left := members(folders)) and time.monotonic() < deadline:
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def end_group(folders, seconds=10):
    """The student's server has stopped: whatever it left is killed and the groups removed."""
    end_processes(folders, seconds)
    _remove(folders, seconds)


def _remove(folders, seconds=0):
    """The folders, and their class's folders once empty; a folder that still holds a process stays
    (asked again for `seconds`: the kernel may still be ending a killed process's last threads)."""
    deadline = time.monotonic() + seconds
    for folder in folders:
        for empty in (folder, folder.parent, folder.parent.parent):
            if empty.parent == CGROUP_V1 or not _rmdir(empty, deadline if empty == folder else 0):
                break


def _rmdir(folder, deadline):
    """Whether the group is gone (a group that holds a process or a group is busy)."""
    while True:
        try:
            folder.rmdir()
            return True
        except FileNotFoundError:
            return True
        except OSError as error:
            if error.errno != errno.EBUSY or time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def remove_empty(the_class):
    """The class's groups that hold no process any more, removed (a group with one fails to go, and stays)."""
    for folder in list((CGROUP_V1 / "memory" / the_class).glob("*")):
        if folder.is_dir():
            _remove(groups(the_class, folder.name))
