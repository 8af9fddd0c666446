"""What one student's bombs cost a classmate (a benchmark, not a test): on environment/classroom's
JupyterHub with the classroom guide's example bounds (docs/classroom.md), student B runs all of lesson 03 (over their kernel's
WebSocket, as bench_classroom does) alone, then again while student A, from their own JupyterLab
terminal, keeps two cores busy, starts processes without end and allocates twice their memory, over
and over. Prints B's Run All both ways and their ratio (the issue's promise: no more than twice), and
whether every cell of B's answered "ok". Needs root (it makes the accounts, and removes them after).
    environment/bench --bounds
"""
import re
import statistics
import sys
import time

import hub_student
from bench_classroom import CODE, LESSON, cells, library_of
from jupyter_terminal import Terminal
from test_classroom import PROCESS_BOMB
from test_support import ROOT

BOUNDS = ("--kernel-heap", "256m", "--student-memory", "1G", "--student-processes", "200", "--student-cpu", "1")
ROUNDS = 3
# A's bombs, for as long as the terminal lives: two CPU hogs, then a process bomb and a memory bomb in turn
BOMBS = ("for i in 1 2; do python3 -c 'while True: pass' & done; "
         "while :; do python3 ~/bomb.py; python3 -c 'x = bytearray(b\"x\") * (2 << 30)'; done")


def run_all(kernel, code):
    """Seconds for the lesson's code cells after the first, and whether every cell answered "ok"."""
    status, _ = kernel.run(code[0])
    began, right = time.monotonic(), status == "ok"
    for source in code[1:]:
        status, _ = kernel.run(source)
        right = right and status == "ok"
    return time.monotonic() - began, right


def main():
    hub = hub_student.ClassOnHub(ROOT, 3, options=BOUNDS, prefix="bnd")
    try:
        _, first, second = hub.names   # the first teaches
        bomber, classmate = hub.student(first), hub.student(second)
        for student in (bomber, classmate):
            if not student.log_in():
                raise hub_student.HubError(f"{student.name} could not log in")
            student.start_server()
        code = cells(library_of(classmate, LESSON.name))
        kernel = classmate.kernel(classmate.start_kernel()).connect()
        try:
            alone = [run_all(kernel, code) for _ in range(ROUNDS)]
            (hub.tmp / "bomb.py").write_text(PROCESS_BOMB)
            made = bomber.server_api("POST", "/terminals")
            cookies = "; ".join(f"{c.name}={c.value}" for c in bomber.http.cookies)
            terminal = Terminal(bomber.user + "/", made.json()["name"], headers=[f"Cookie: {cookies}"])
            try:
                said = terminal.typed(f"cp {hub.tmp / 'bomb.py'} ~/bomb.py; ({BOMBS}) > /dev/null 2>&1 & echo started=$!",
                                      r"started=\d+\s")
                group = re.search(r"started=(\d+)\s", said).group(1)
                time.sleep(10)   # the bombs at work
                during = bomber.contents() is not None
                bombed = [run_all(kernel, code) for _ in range(ROUNDS)]
                terminal.typed(f"kill -- -{group}; echo ended", r"ended\s", seconds=300)   # A stops them, as Ctrl-C would
            finally:
                terminal.close()
            deadline, after = time.monotonic() + 60, False
            while time.monotonic() < deadline and not after:
                after = bomber.contents() is not None
                time.sleep(1)
        finally:
            kernel.close()
        quiet, busy = statistics.median(t for t, _ in alone), statistics.median(t for t, _ in bombed)
        print(f"\nstudent B runs all of {LESSON.name} ({len(CODE)} code cells) {ROUNDS} times; bounds: {' '.join(BOUNDS)}\n")
        print("| B's Run All | median | all runs | every cell ok |")
        print("|---|---|---|---|")
        for label, runs in (("alone", alone), ("while A bombs (2 CPU hogs, process and memory bombs)", bombed)):
            print(f"| {label} | {statistics.median(t for t, _ in runs):.1f} s | "
                  f"{', '.join(f'{t:.1f}' for t, _ in runs)} s | {all(ok for _, ok in runs)} |")
        print(f"\nratio: {busy / quiet:.2f} (the promise: at most 2); A's own server answered while the bombs ran: "
              f"{during}, once A stopped them: {after}")
        return 0 if all(ok for _, ok in alone + bombed) else 1
    finally:
        hub.close()


if __name__ == "__main__":
    sys.exit(main())
