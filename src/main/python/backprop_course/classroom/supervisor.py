"""JupyterHub run by `environment/classroom start`, which stays its parent so that a class that stops
leaves none of the hub's helpers running: JupyterHub starts the proxy (configurable-http-proxy) and its
services (jupyterhub-idle-culler, ngshare) in sessions of their own, and a hub that dies before its own
cleanup ends (Ctrl-C then SIGKILL, a crash) leaves them holding their ports. This process takes them
in as they are orphaned (Linux's child subreaper) and ends them when the hub has ended. The students'
servers are kept: a hub started again finds them running (c.JupyterHub.cleanup_servers = False).
`environment/classroom stop` ends the class for good: the hub and its helpers, and every process in
the students' control groups, their servers included (stop_class)."""
import ctypes
import os
import signal
import subprocess
import time

import psutil

from backprop_course.classroom import bounds

PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1


PID_FILE = "classroom.pid"   # in the hub's folder: the running `start`


def run_hub(command, students, the_class="", state=None):
    """Runs the hub to its end, Ctrl-C and SIGTERM passed on to it; then ends every process it left
    that is not a student's, and removes the class's control groups that no running server holds.
    Returns the hub's exit status."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    if state is not None:
        (state / PID_FILE).write_text(f"{os.getpid()}\n")
    # the hub in a process group of its own, so that Ctrl-C reaches it once (passed on from here); and
    # told to stop (SIGTERM) should this process die first
    hub = subprocess.Popen(command, process_group=0, preexec_fn=lambda: libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0))
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: hub.send_signal(number))
    while True:
        try:
            status = hub.wait()
            break
        except InterruptedError:
            continue
    end_helpers(set(students))
    if the_class:
        bounds.remove_empty(the_class)
    if state is not None:
        (state / PID_FILE).unlink(missing_ok=True)
    return status


def stop_class(state, students, the_class, seconds=30):
    """Ends the class: the running `start` (and with it the hub and its helpers), then every process in
    the control groups of the students on the list; returns what it ended, said for the instructor."""
    said = []
    try:
        start = psutil.Process(int((state / PID_FILE).read_text()))
        if "backprop_course.classroom" not in " ".join(start.cmdline()):
            raise psutil.NoSuchProcess(start.pid)   # a stale file: that number is another process's now
    except (OSError, ValueError, psutil.Error):
        said.append("no hub was running for this folder")
    else:
        start.terminate()
        if not _ended(start, seconds):
            start.kill()
        said.append("the hub, its proxy and its services stopped")
    if not bounds.mechanism():
        said.append("the students' servers cannot be found without control groups: stop them from the hub's admin page")
        return said
    # what the students' servers started, found by their control groups (not by account: an instructor
    # on the list may be a person's own account, with their own login beside the class)
    ended = 0
    for student in students:
        folders = bounds.groups(the_class, student)
        ended += len(bounds.members(folders))
        bounds.end_group(folders)
    bounds.remove_empty(the_class)
    said.append(f"{ended} process{'' if ended == 1 else 'es'} of the students' servers (JupyterLab, kernels, terminals) ended")
    return said


def end_helpers(students, seconds=10):
    """SIGTERM to every descendant of this process not run by a student, SIGKILL to what is left after `seconds`."""
    helpers = [p for p in psutil.Process().children(recursive=True) if _owner(p) not in students]
    for process in helpers:
        _signal(process, signal.SIGTERM)
    gone, alive = psutil.wait_procs(helpers, timeout=seconds)
    for process in alive:
        _signal(process, signal.SIGKILL)
    psutil.wait_procs(alive, timeout=seconds)
    # what they left as zombies is this process's to reap
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                break
        except ChildProcessError:
            break


def _ended(process, seconds):
    """Whether the process ended within `seconds`: gone, or a zombie its parent has not reaped yet."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def _owner(process):
    try:
        return process.username()
    except psutil.Error:
        return None


def _signal(process, sig):
    try:
        process.send_signal(sig)
    except psutil.Error:
        pass
