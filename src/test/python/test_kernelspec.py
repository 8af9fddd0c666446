"""The "java" kernelspec environment/setup installs: the kernel of the clone that holds the
notebook runs it, so a learner with two clones of the course, or who deletes one, always has a
kernel that starts or says why not. Folders made to look like clones (the course's marker file and
a target/kernel-args naming the real kernel, with the clone's name as a system property) are
installed into a temporary kernelspec folder exactly as setup installs the real one."""
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

from backprop_course.kernels import kernelspec
from test_support import JDKS, start_kernel


class KernelspecPerClone(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="course-clones-"))
        self.kernels = self.tmp / "share" / "kernels"
        self.clones = {name: self.make_clone(name) for name in ("older", "newer")}
        for name in ("older", "newer"):   # set up in this order: the newer one registered last
            kernelspec.install(JDKS[0][1], self.kernels / "java", self.clones[name])
            self.name_the_kernel(self.clones[name], name)

    def tearDown(self):
        shutil.rmtree(self.tmp, True)

    def make_clone(self, name):
        clone = self.tmp / name
        (clone / "environment").mkdir(parents=True)
        shutil.copy(kernelspec.TEMPLATE, clone / "environment" / "kernel.json.template")
        (clone / "notebooks").mkdir()
        return clone

    @staticmethod
    def name_the_kernel(clone, name):
        args = clone / "target" / "kernel-args"
        lines = args.read_text().splitlines()
        args.write_text("\n".join(lines[:1] + [f"-Dcourse.clone={name}"] + lines[1:]) + "\n")

    def start(self, folder):
        """A kernel of the installed kernelspec, started in folder as Jupyter starts one for a notebook there."""
        self.log = tempfile.TemporaryFile(mode="w+")
        km, kc = start_kernel(manager=lambda: KernelManager(kernel_name="java", kernel_spec_manager=KernelSpecManager(
            kernel_dirs=[str(self.kernels)])), cwd=str(folder), stderr=self.log)
        self.addCleanup(km.shutdown_kernel, now=True)
        self.addCleanup(kc.stop_channels)
        return kc

    @staticmethod
    def run_cell(kc, code):
        """(reply content, text/plain result or None)."""
        results = []
        reply = kc.execute_interactive(code, timeout=30, output_hook=lambda msg: results.append(msg)
                                       if msg["msg_type"] == "execute_result" else None)
        return reply["content"], (results[-1]["content"]["data"]["text/plain"] if results else None)

    def clone_of_kernel_started_in(self, folder):
        content, value = self.run_cell(self.start(folder), 'System.getProperty("course.clone")')
        self.assertEqual(content["status"], "ok", content)
        return value

    def test_each_clone_runs_its_own_kernel(self):
        self.assertEqual(self.clone_of_kernel_started_in(self.clones["older"] / "notebooks"), "older")
        self.assertEqual(self.clone_of_kernel_started_in(self.clones["newer"] / "notebooks"), "newer")
        spec = (self.kernels / "java" / "kernel.json").read_text()
        self.assertIn('"backprop-course"', spec, "setup recognises its own kernelspec by this")

    def test_deleting_the_newer_clone_leaves_the_older_working(self):
        shutil.rmtree(self.clones["newer"])
        self.assertEqual(self.clone_of_kernel_started_in(self.clones["older"] / "notebooks"), "older")
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        self.assertEqual(self.clone_of_kernel_started_in(elsewhere), "older", "outside every clone: the newest left")
        kernelspec.install(JDKS[0][1], self.kernels / "java", self.clones["older"])   # setup run again
        self.assertEqual((self.kernels / "java" / "courses").read_text(), f"{self.clones['older']}\n",
                         "a deleted clone leaves the list")

    def test_a_workspace_made_elsewhere_runs_the_kernel_of_its_course(self):
        workspace = self.tmp / "my work"
        workspace.mkdir()
        (workspace / ".course-root").write_text(f"{self.clones['older']}\n")   # as learner/workspace.py writes it
        self.assertEqual(self.clone_of_kernel_started_in(workspace), "older", "not the newest registered clone")

    def test_a_workspace_whose_course_is_gone_runs_another_clones_kernel(self):
        workspace = self.tmp / "my work"
        workspace.mkdir()
        (workspace / ".course-root").write_text(f"{self.tmp / 'deleted clone'}\n")
        self.assertEqual(self.clone_of_kernel_started_in(workspace), "newer")

    def test_a_clone_not_set_up_says_so_in_every_cell(self):
        bare = self.make_clone("bare")
        content, _ = self.run_cell(self.start(bare / "notebooks"), "1 + 1")
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["ename"], "CourseNotSetUp")
        self.assertIn(f"run {bare}/environment/setup", content["evalue"])

    def test_with_every_clone_gone_the_kernel_says_why(self):
        for clone in self.clones.values():
            shutil.rmtree(clone)
        launch = self.kernels / "java" / "launch"
        run = subprocess.run(["/bin/bash", str(launch), "connection.json"], cwd=self.tmp,
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 1)
        self.assertIn("no course to run", run.stderr)
        self.assertIn(str(self.clones["older"]), run.stderr, "it names the clones that are gone")
        self.assertIn("Run environment/setup in a clone of the course", run.stderr)


if __name__ == "__main__":
    unittest.main()
