"""What makes the kernel start fast, checked on every test JDK (the figures are environment/bench's):
the kernel JVM maps its class data, and IOPub welcomes each new subscriber (protocol 5.5), so a
client knows at once that it hears the kernel instead of asking kernel_info again. And a session
that uses the course library leaves nothing in the kernel's log (the Jupyter server's output)."""
import socket
import tempfile
import time
import unittest
from queue import Empty

from jupyter_client import KernelManager

from backprop_course.kernels.kernelspec import ClassData
from backprop_course.kernels.starting import start_kernel
from kernel_session import KernelSession
from test_support import JAR, JDKS, ROOT, kernel_name, per_jdk


class KernelStart:
    major = None

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession(cls.major)

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_the_kernel_maps_its_class_data(self):
        home = dict(JDKS)[self.major]
        class_data = ClassData(home).path
        self.assertTrue(class_data.is_file(), f"{class_data.relative_to(ROOT)} was not recorded")
        maps = open(f"/proc/{self.k.km.provisioner.pid}/maps").read()
        self.assertIn(str(class_data), maps, "the kernel JVM runs without its class data")

    def test_kernel_info_names_the_iopub_welcome(self):
        reply = self.k.kc.kernel_info(reply=True, timeout=10)
        self.assertIn("iopub_welcome", reply["content"].get("supported_features", []))

    def test_a_new_subscriber_is_welcomed_at_once(self):
        client = self.k.km.client()  # its messages are signed with the kernel's key, and checked
        client.start_channels(shell=False, iopub=True, stdin=False, hb=False, control=False)
        try:
            deadline = time.monotonic() + 5
            welcome = None
            while welcome is None and time.monotonic() < deadline:
                try:
                    msg = client.get_iopub_msg(timeout=0.5)
                except Empty:
                    continue
                if msg["msg_type"] == "iopub_welcome":
                    welcome = msg
            self.assertIsNotNone(welcome, "no iopub_welcome within 5 s of subscribing")
            self.assertEqual(welcome["content"], {"subscription": ""})
            self.assertEqual(welcome["parent_header"], {})
        finally:
            client.stop_channels()
        self.assertEqual(self.k.value("1 + 1"), "2", "the first client is still served")

    def test_a_session_with_the_course_library_writes_nothing_to_the_kernels_log(self):
        with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
            k = KernelSession(self.major, stdout=out, stderr=err)
            try:
                k.value(f"%classpath {JAR}")
                self.assertEqual(k.value('tech.tablesaw.api.Table.create("t").rowCount()'), "0")  # scans the class path
                k.value('var c = backprop.course.Charts.lineChart("t", "x", "y");\n'
                        'c.addSeries("s", new double[] {0, 1}, new double[] {1, 0});\nbackprop.course.Charts.image(c)')
            finally:
                k.kc.stop_channels()
                k.km.shutdown_kernel(now=False)
            out.seek(0)
            err.seek(0)
            log = out.read() + err.read()
            self.assertEqual(log, "", f"the kernel wrote to its log (JVM warnings go to stdout):\n{log}")

    def test_a_kernel_whose_port_was_taken_is_started_once_more_with_new_ports(self):
        """What jupyter_client's free-port choice risks on a busy machine, made to happen: the first kernel's
        shell port is held by another socket; it dies, says why, and the second start answers."""
        taken = socket.socket()
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        managers = []

        def manager():
            km = KernelManager(kernel_name=kernel_name(self.major))
            if not managers:
                km.cache_ports = False   # else the provisioner picks every port itself
                km.shell_port = taken.getsockname()[1]
            managers.append(km)
            return km

        with taken, tempfile.TemporaryFile(mode="w+") as err:
            km, kc = start_kernel(manager=manager, stderr=err)
            try:
                reply = kc.execute_interactive("6 * 7", timeout=30, output_hook=lambda msg: None)
                self.assertEqual(reply["content"]["status"], "ok")
                self.assertEqual(len(managers), 2, "the kernel was not started once more")
                self.assertNotEqual(km.shell_port, taken.getsockname()[1])
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            err.seek(0)
            self.assertIn("Address already in use", err.read(), "the first kernel did not die of its taken port")


per_jdk(globals(), KernelStart)

if __name__ == "__main__":
    unittest.main()
