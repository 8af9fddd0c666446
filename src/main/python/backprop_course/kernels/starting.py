"""Starting the course's kernel outside Jupyter's server (setup's class data recording, the benchmark,
the tests), as the server starts one: a kernel that dies before it answers gets one more start."""
import sys

from jupyter_client import KernelManager


def died_before_answering(error):
    """Whether jupyter_client gave up on a kernel because its process ended before it answered kernel_info."""
    return isinstance(error, RuntimeError) and "died before replying to kernel_info" in str(error)


def start_kernel(startup_timeout=60, manager=None, **options):
    """(km, kc): a kernel started (by manager, a jupyter_client KernelManager, or one for
    options["kernel_name"]) with options, and its client, ready. A kernel that dies before it answers is
    started once more with new ports, as Jupyter's server does (its KernelRestarter's
    random_ports_until_alive): jupyter_client picks free ports and lets them go before the kernel binds
    them, and on a busy machine another process may take one. What the first kernel wrote to a stderr
    file given in options is printed, so that a death for another reason shows."""
    kernel_name = options.pop("kernel_name", None)
    for attempt in (1, 2):
        km = manager() if manager else KernelManager(kernel_name=kernel_name)
        km.start_kernel(**options)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=startup_timeout)
            return km, kc
        except RuntimeError as e:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            if attempt == 2 or not died_before_answering(e):
                raise
            said, log = "(its output, if any, is above)", options.get("stderr")
            if hasattr(log, "seek"):
                log.seek(0)
                said = log.read()[-2000:]
                said = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
                log.seek(0, 2)
            print(f"\na kernel died before it answered; starting it once more. It said: {said}", file=sys.stderr, flush=True)
