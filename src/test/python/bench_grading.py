"""Benchmark: what grading's sandbox costs. Each lesson's reference notebook (every answer right) is
graded ROUNDS times with the sandbox (grading/sandbox.py) and ROUNDS times with the grader's own rights
(--trust-submissions), alternately; prints the median seconds per submission, the difference, and what
grading 100 submissions of each lesson takes one after another on this machine.
    environment/bench --grading [ROUNDS]      (default 3)"""
import statistics
import sys
import time

from backprop_course import notebooks
from backprop_course.grading import grade, sandbox


def main(argv):
    rounds = int(argv[0]) if argv else 3
    problem = sandbox.problem()
    if problem:
        raise SystemExit(f"bench_grading: no sandbox here: {problem}")
    originals = notebooks.course_notebooks()
    files = sandbox.SandboxFiles()
    print(f"{'lesson':<42} {'trusted s':>9} {'sandbox s':>9} {'cost s':>7} {'100 in sandbox':>15}")
    try:
        for lesson in originals[1:]:   # 00 has no exercises
            seconds = {"trusted": [], "sandbox": []}
            for _ in range(rounds):
                for label, box in (("trusted", None), ("sandbox", files)):
                    started = time.monotonic()
                    result = grade.grade_one(lesson, originals, None, 300, sandbox=box)
                    seconds[label].append(time.monotonic() - started)
                    if result.earned != result.possible:
                        raise SystemExit(f"bench_grading: {lesson.name} {label}: " + grade.report([result]))
            trusted, boxed = (statistics.median(seconds[k]) for k in ("trusted", "sandbox"))
            print(f"{lesson.name:<42} {trusted:9.2f} {boxed:9.2f} {boxed - trusted:7.2f} {100 * boxed / 60:11.1f} min")
    finally:
        files.close()


if __name__ == "__main__":
    main(sys.argv[1:])
