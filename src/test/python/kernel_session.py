"""A running course kernel for the tests: start it on a JDK, run cells, collect their outputs."""
import time
from queue import Empty

from test_support import kernel_name, start_kernel


class KernelSession:
    def __init__(self, major, **start_options):
        """start_options go to the kernel's process (stdout=..., stderr=... say)."""
        self.km, self.kc = start_kernel(kernel_name=kernel_name(major), **start_options)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def send(self, code):
        return self.kc.execute(code)

    def collect(self, msg_id, timeout=30):
        """(reply content, [iopub messages]) of one execute request."""
        deadline = time.monotonic() + timeout
        outputs = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no idle status within {timeout} s")
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            if msg["msg_type"] not in ("status", "execute_input"):
                outputs.append(msg)
        while True:
            reply = self.kc.get_shell_msg(timeout=max(1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"], outputs

    def run(self, code, timeout=30):
        return self.collect(self.send(code), timeout)

    def value(self, code, timeout=30):
        """The text/plain result of a cell that must succeed."""
        reply, outputs = self.run(code, timeout)
        assert reply["status"] == "ok", f"{code!r} failed: {reply.get('ename')}: {reply.get('evalue')}"
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        return results[-1]["content"]["data"]["text/plain"] if results else None

    def wait_until_busy(self, msg_id, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=deadline - time.monotonic())
            except Empty:
                break
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input"):
                return
        raise TimeoutError("the cell never started")

    @staticmethod
    def stream(outputs, name="stdout"):
        return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == name)
