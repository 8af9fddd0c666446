"""Benchmark of the course's kernel (environment/bench): not a test, a table of figures.

For each JDK the tests use (the one setup found, and the newest other one): the time from starting
the kernel to the first result (median of 5 starts), the round trip of a trivial cell (median of 50, after 10 to warm up), the first chart
cell, "Run All" of every course notebook (a fresh kernel each), and the kernel's peak resident
memory (VmHWM) over the whole run.
"""
import argparse
import statistics
import time

from backprop_course import notebooks
from backprop_course.kernels.jdks import kernel_name, test_jdks
from backprop_course.kernels.starting import start_kernel
from backprop_course.paths import JAR

STARTS = 5


def run(kc, code, timeout=120):
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r}: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def peak_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench(major):
    name = kernel_name(major)
    figures = {}
    starts = []
    for _ in range(STARTS):
        started = time.perf_counter()
        km, kc = start_kernel(kernel_name=name)
        run(kc, "1 + 1")
        starts.append(time.perf_counter() - started)
        if len(starts) < STARTS:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    figures[f"start to first result, median of {STARTS} (s)"] = statistics.median(starts)
    trips = []
    for i in range(60):
        t = time.perf_counter()
        run(kc, f"{i} + 1")
        trips.append(time.perf_counter() - t)
    figures["trivial cell, median of 50 after 10 warm-up (ms)"] = 1000 * statistics.median(trips[10:])
    run(kc, f"%classpath {JAR}")
    t = time.perf_counter()
    run(kc, "var c = backprop.course.Charts.lineChart(\"t\", \"x\", \"y\");\n"
            "c.addSeries(\"s\", new double[] {0, 1, 2}, new double[] {0, 1, 4});\n"
            "backprop.course.Charts.image(c)")
    figures["first chart cell (s)"] = time.perf_counter() - t
    rss = peak_rss_mib(km.provisioner.pid)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    for path in notebooks.course_notebooks():
        t = time.perf_counter()
        notebooks.execute(path, name)
        figures[f"Run All {path.stem} (s)"] = time.perf_counter() - t
    figures["kernel peak RSS, first session (MiB)"] = rss
    return figures


def main(argv=None):
    argparse.ArgumentParser(prog="environment/bench --kernel", description=__doc__.split("\n\n")[0]).parse_args(argv)
    results = {major: bench(major) for major, _home in test_jdks()}
    rows = list(next(iter(results.values())))
    header = ["figure"] + [f"JDK {m}" for m in results]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print(f"| {row} | " + " | ".join(f"{results[m][row]:.3g}" for m in results) + " |")


if __name__ == "__main__":
    main()
