"""The classroom's load benchmark (not a test): a class of N students (20 by default) on
environment/classroom's JupyterHub on this machine, all at once. Each simulated student logs in
through the hub's login form, asks the hub's REST API for their server, opens lesson 03 in it (the
server's sessions API, as JupyterLab does: the course's kernel starts in their
workspace) and runs all of lesson 03's code cells, in order, over the kernel's WebSocket. Prints a
table: time to a running server, kernel start → first result, Run All, memory per student (their
server and kernel: resident, and proportional to sharing), failures. Needs root (it makes the
accounts, and removes them after).   environment/bench --classroom [STUDENTS]
"""
import re
import statistics
import sys
import threading
import time
import traceback

import nbformat
import psutil

import hub_student
from backprop_course.classroom import students
from backprop_course.learner import workspace
from backprop_course.notebooks import course_notebooks
from test_support import ROOT

LESSON = course_notebooks()[3]   # 03, the bias b3 by gradient descent: 21 code cells, 7 charts
# its code cells as the course has them, with the solutions: a learner who did the exercises
CODE = [c.source for c in nbformat.read(LESSON, as_version=4).cells if c.cell_type == "code"]


def cells(library):
    """Lesson 03's code cells, the course library found from where the student's own copy finds it."""
    return [source.replace(workspace.CLASSPATH, f"%classpath {library}") for source in CODE]


def lesson_path(hub, name):
    """The lesson in the student's JupyterLab: in their workspace, which the instructor's (the first, the
    hub's admin) shows as a folder of their home."""
    return f"{students.WORKSPACE}/{LESSON.name}" if name == hub.names[0] else LESSON.name


def library_of(student, path):
    """Where the student's copy of the lesson finds the course library (its %classpath line)."""
    answer = student.server_api("GET", f"/contents/{path}")
    if answer.status_code != 200:
        raise hub_student.HubError(f"{student.name}: their lesson: {answer.status_code} {answer.text[:300]}")
    code = "\n".join(c["source"] for c in answer.json()["content"]["cells"] if c["cell_type"] == "code")
    return re.search(r"^%classpath (\S+)", code, re.M).group(1)


def one_student(hub, name, start, figures, failures):
    try:
        start.wait()
        student = hub.student(name)
        began = time.monotonic()
        if not student.log_in():
            raise hub_student.HubError(f"{name} could not log in")
        student.start_server()
        figures["server"] = time.monotonic() - began
        path = lesson_path(hub, name)
        code = cells(library_of(student, path))
        asked = time.monotonic()
        session = student.server_api("POST", "/sessions", json={
            "path": path, "name": LESSON.name, "type": "notebook", "kernel": {"name": "java"}})
        if session.status_code != 201:
            raise hub_student.HubError(f"{name}: no session: {session.status_code} {session.text[:200]}")
        kernel = student.kernel(session.json()["kernel"]["id"])
        try:
            status, text = kernel.run(code[0])
            figures["first"] = time.monotonic() - asked
            ran = time.monotonic()
            for source in code[1:]:
                if status != "ok":
                    raise hub_student.HubError(f"{name}: a cell failed: {text[:300]}")
                status, text = kernel.run(source)
            if status != "ok":
                raise hub_student.HubError(f"{name}: the last cell failed: {text[:300]}")
            figures["run_all"] = time.monotonic() - ran
            figures["all"] = time.monotonic() - began
        finally:
            kernel.close()
    except Exception:
        failures.append(f"{name}: {traceback.format_exc(limit=3)}")


def usage(name):
    """(resident MiB, proportional MiB, CPU seconds) of the student's processes: their server and
    their kernel (the CPU since each started: the workspace made before is not counted)."""
    rss = pss = cpu = 0
    for process in psutil.process_iter(["username"]):
        if process.info["username"] == name:
            try:
                info, times = process.memory_full_info(), process.cpu_times()
            except psutil.Error:
                continue
            rss, pss, cpu = rss + info.rss, pss + info.pss, cpu + times.user + times.system
    return rss / 2**20, pss / 2**20, cpu


def row(label, values, unit, digits=1):
    if not values:
        return f"| {label} | – | – | – |"
    values = sorted(values)
    return (f"| {label} | {statistics.median(values):.{digits}f} {unit} | {values[-1]:.{digits}f} {unit} "
            f"| {min(values):.{digits}f} {unit} |")


def main(size):
    available_before = psutil.virtual_memory().available
    hub = hub_student.ClassOnHub(ROOT, size, prefix="load")
    try:
        start = threading.Barrier(size)
        figures = {name: {} for name in hub.names}
        failures = []
        threads = [threading.Thread(target=one_student, args=(hub, name, start, figures[name], failures))
                   for name in hub.names]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(900)
        whole = time.monotonic() - began
        used = [usage(name) for name in hub.names]
        taken = (available_before - psutil.virtual_memory().available) / 2**20
        done = [f for f in figures.values() if "run_all" in f]
        print(f"\n{size} student{'s' if size != 1 else ''} at once on JupyterHub, each running all of {LESSON.name} "
              f"({len(CODE)} code cells); {psutil.cpu_count()} cores, "
              f"{psutil.virtual_memory().total / 2**30:.0f} GiB; all done in {whole:.0f} s\n")
        print("| per student | median | slowest / most | fastest / least |")
        print("|---|---|---|---|")
        print(row("login → server running (hub REST API)", [f["server"] for f in figures.values() if "server" in f], "s"))
        print(row("kernel start → first result", [f["first"] for f in figures.values() if "first" in f], "s"))
        print(row("Run All (the other cells)", [f["run_all"] for f in done], "s"))
        print(row("login → lesson run", [f["all"] for f in done], "s"))
        print(row("memory, resident (server + kernel)", [u[0] for u in used], "MiB", 0))
        print(row("memory, proportional (shared pages split)", [u[1] for u in used], "MiB", 0))
        print(row("CPU time (server + kernel)", [u[2] for u in used], "s"))
        print(f"\nthe machine's available memory fell by {taken:.0f} MiB ({taken / size:.0f} MiB a student); "
              f"failures: {len(failures)} of {size}")
        for failure in failures:
            print("  " + failure.replace("\n", "\n    "))
        return 1 if failures else 0
    finally:
        hub.close()


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
