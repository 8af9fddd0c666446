"""The learner's commands: environment/start (prepare), environment/update-lesson (update),
environment/hint (hint) and environment/progress (progress); see learner/workspace.py."""
import argparse
import os
import sys
from pathlib import Path

from backprop_course.grading import grade
from backprop_course.learner import hints, progress, workspace
from backprop_course.learner.workspace import DEFAULT, WorkspaceError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m backprop_course.learner", description=workspace.__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    typed = os.environ.get("COURSE_COMMAND")   # the command the learner typed (environment/hint, hint, %hint), which runs this

    def add_parser(name, **options):
        if typed and Path(typed).name.lstrip("%") == {"update": "update-lesson"}.get(name, name):
            options["prog"] = typed   # its usage line and errors name that command
        return sub.add_parser(name, **options)
    p = add_parser("prepare", help="make or complete the workspace")
    p.add_argument("workspace", nargs="?", default=str(DEFAULT))
    u = add_parser("update", help="bring one lesson up to date, keeping your solutions")
    u.add_argument("lesson", help="the lesson's number or name, e.g. 03")
    u.add_argument("--workspace", default=str(DEFAULT))
    h = add_parser("hint", help="a hint for one of a lesson's exercises, a step at a time (or its reference answer)",
                   description="A hint for one exercise, a step at a time: the first says which idea or formula to use, "
                               "the next ones the shape of the code; only --solution shows the code.")
    h.add_argument("lesson", help="the lesson's number or name, e.g. 03")
    h.add_argument("exercise", nargs="?", type=int, help="the exercise's number in the lesson (without it: which there are)")
    h.add_argument("step", nargs="?", type=int, help="which hint of the exercise's ladder (default: the first)")
    h.add_argument("--solution", action="store_true", help="show the exercise's reference answer instead")
    g = add_parser("progress", help="which exercises of your workspace pass",
                   description="Which exercises of your workspace pass: each lesson runs top to bottom in a fresh kernel, "
                               "as grading runs it, and its exercises are said as soon as it finishes (about 10 s a "
                               f"lesson, a minute or two for them all; a cell that never ends is stopped after "
                               f"{grade.CELL_LIMIT} s). Your notebooks are only read.")
    g.add_argument("lessons", nargs="*", help="only these lessons, e.g. 01 03")
    g.add_argument("--workspace", default=str(DEFAULT))
    g.add_argument("--kernel", help="kernelspec to run with (default: the notebooks' own)")
    args = parser.parse_args(argv)
    try:
        if args.command == "prepare":
            said = workspace.prepare(args.workspace)
        elif args.command == "update":
            said = workspace.update(args.lesson, args.workspace)
        elif args.command == "hint":
            said = hints.hint(args.lesson, args.exercise, args.step, args.solution, command=typed or "environment/hint")
        else:
            for line in progress.progress(args.workspace, args.lessons, args.kernel):
                print(line, flush=True)   # as each lesson finishes
            said = []
    except WorkspaceError as e:
        print(f"workspace: {e}", file=sys.stderr)
        return 1
    prefix = "workspace: " if args.command in ("prepare", "update") else ""
    for line in said:
        print(prefix + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
