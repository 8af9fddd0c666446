"""The hub's spawner: JupyterHub's LocalProcessSpawner (each student's server runs as their own
account), with the student's bounds (classroom/bounds.py) on the server and all it starts. Imported by
the hub only, in the classroom's environment (.venv-nbgrader), which has JupyterHub."""
import asyncio
import random
import resource
import socket
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Float, Int, Unicode

from backprop_course.classroom import bounds as student_bounds


def port_below_the_ephemeral_range(lowest=20000):
    """A free port below the range Linux hands out for port 0 (ip_local_port_range), or 0 (JupyterHub's own pick).
    Every port-0 pick, JupyterHub's random_port and each kernel's from jupyter_client alike, comes from that range
    and is let go before its server binds it: a kernel of another student could take the one picked for a server
    in between (seen once: the hub then waited 120 s on the kernel's ZeroMQ socket). Below it, none can."""
    try:
        first = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    for port in random.sample(range(lowest, first), min(100, max(0, first - lowest))):
        with socket.socket() as probe:
            try:
                probe.bind(("", port))
            except OSError:
                continue
            return port
    return 0


class BoundedSpawner(LocalProcessSpawner):
    the_class = Unicode("", config=True, help="the class's folder in each cgroup controller (bounds.class_name); empty: none")
    memory = Unicode("2G", config=True, help="each student's memory at most")
    processes = Int(256, config=True, help="each student's processes and threads at most")
    cpu = Float(1.0, config=True, help="each student's cores at most")

    def bounds(self):
        return student_bounds.StudentBounds(self.memory, self.processes, self.cpu)

    async def start(self):
        self.folders = []
        if self.the_class:
            self.folders = await asyncio.get_running_loop().run_in_executor(
                None, student_bounds.make_group, self.the_class, self.user.name, self.bounds())
            self.log.info("%s's server bounded: %s (%s)", self.user.name, self.bounds().said(),
                          "cgroup v1 " + self.the_class + "/" + self.user.name)
        if self.port == 0:   # (LocalProcessSpawner then picks with random_port)
            self.port = port_below_the_ephemeral_range()
        return await super().start()

    def make_preexec_fn(self, name):
        become_the_student = super().make_preexec_fn(name)
        folders, processes = list(getattr(self, "folders", [])), self.processes

        def preexec():
            student_bounds.join(folders)   # as root still: the groups are root's
            # the account's processes and threads at most, machine-wide; the student cannot raise it
            resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
            become_the_student()
        return preexec

    async def stop(self, now=False):
        await super().stop(now=now)
        if self.the_class:
            await asyncio.get_running_loop().run_in_executor(
                None, student_bounds.end_group, student_bounds.groups(self.the_class, self.user.name))
