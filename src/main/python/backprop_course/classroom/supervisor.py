"""JupyterHub run by `environment/classroom start`, which stays its parent so that a class that stops
leaves none of the hub's helpers running: JupyterHub starts the proxy (configurable-http-proxy) and its
services (jupyterhub-idle-culler, ngshare) in sessions of their own, and a hub that dies before its own
cleanup ends (Ctrl-C then SIGKILL, a crash) leaves them holding their ports. This process takes them
in as they are orphaned (Linux's child subreaper) and ends them when the hub has ended. The students'
servers are kept: a hub started again finds them running (c.JupyterHub.cleanup_servers = False)."""
import ctypes
import os
import signal
import subprocess
import time

import psutil

from backprop_course.classroom import bounds

PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1


def run_hub(command, students, the_class=""):
    """Runs the hub to its end, Ctrl-C and SIGTERM passed on to it; then ends every process it left
    that is not a student's, and removes the class's control groups that no running server holds.
    Returns the hub's exit status."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
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
    return status


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
