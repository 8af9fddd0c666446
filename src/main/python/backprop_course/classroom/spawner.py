"""The hub's spawner: JupyterHub's LocalProcessSpawner (each student's server runs as their own
account), with the student's bounds (classroom/bounds.py) on the server and all it starts. Imported by
the hub only, in the classroom's environment (.venv-nbgrader), which has JupyterHub."""
import asyncio
import resource

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Float, Int, Unicode

from backprop_course.classroom import bounds as student_bounds


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
