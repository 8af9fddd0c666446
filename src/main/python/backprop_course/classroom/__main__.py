"""environment/classroom: the class on one machine (see the package's description, classroom/__init__.py)."""
import argparse
import os
import sys
from pathlib import Path

import backprop_course.classroom
from backprop_course.classroom import bounds
from backprop_course.classroom.bounds import StudentBounds
from backprop_course.classroom.hub import ANSWERS, Limits, prepare_state
from backprop_course.classroom.lessons import collect, hand_out, write_lessons
from backprop_course.classroom.nbgrader_settings import (
    CLUSTER_GRADING,
    CLUSTER_NGSHARE,
    GRADING,
    nbgrader_settings,
    write_grading_folder,
    write_settings,
)
from backprop_course.classroom.students import ClassListError, create_accounts, keep_private, make_class_list, read_class_list
from backprop_course.classroom.supervisor import run_hub, stop_class
from backprop_course.learner.workspace import LESSONS, WorkspaceError
from backprop_course.paths import ROOT


def main(argv=None):
    parser = argparse.ArgumentParser(prog="environment/classroom", description=backprop_course.classroom.__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a class list, creating nobody")
    check.add_argument("class_list")
    make = sub.add_parser("passwords", help="make a class list from a list of names, with a new password for each")
    make.add_argument("names", help="one login name a line")
    make.add_argument("class_list", help="the class list to write (a new file)")
    start = sub.add_parser("start", help="create the students' accounts and start JupyterHub")
    start.add_argument("class_list")
    start.add_argument("--admin", required=True, help="the instructor: a name on the class list")
    start.add_argument("--state", default=str(ROOT / "classroom"), help="the hub's folder (default: classroom/)")
    start.add_argument("--ip", default="127.0.0.1", help="127.0.0.1 (this machine only) or 0.0.0.0 (a room's network)")
    start.add_argument("--port", type=int, default=8000)
    start.add_argument("--kernel-heap", default="512m", help="each kernel's Java heap at most (default 512m; a lesson needs under 128m)")
    start.add_argument("--cull-kernels", type=float, default=60, metavar="MINUTES",
                       help="shut a kernel down after this long without running anything and no tab open (default 60; 0: never)")
    start.add_argument("--cull-servers", type=float, default=30, metavar="MINUTES",
                       help="stop a student's server after this long idle (jupyterhub-idle-culler; default 30; 0: never)")
    start.add_argument("--student-memory", default="2G", help="each student's server, all it starts included, at most this "
                       "much memory (default 2G)")
    start.add_argument("--student-processes", type=int, default=256, help="each student's processes and threads at most "
                       "(default 256; a Java kernel runs about 25 threads)")
    start.add_argument("--student-cpu", type=float, default=1.0, metavar="CORES", help="each student's cores at most (default 1)")
    start.add_argument("--accept-unbounded-students", action="store_true",
                       help="start even where a student's memory and CPU cannot be bounded (no cgroup v1 controllers "
                            "this account may write): one student can then take the machine down")
    start.add_argument("--exchange", choices=("files", "ngshare"), default="files",
                       help="nbgrader's exchange: files (nbgrader's own, a folder in the hub's folder; the default) or ngshare "
                            "(a hub service, as on a cluster: environment/kubernetes)")
    start.add_argument("--java-home", required=True)
    cluster = sub.add_parser("cluster-settings", help="write nbgrader's settings for a cluster's image (ngshare, "
                             "environment/kubernetes): FOLDER/student and FOLDER/instructor")
    cluster.add_argument("folder")
    lessons = sub.add_parser("lessons", help="write the lessons students make their workspaces from (student copies, hints kept)")
    lessons.add_argument("folder")
    out = sub.add_parser("hand-out", help="put a lesson into every student's workspace (new files only)")
    out.add_argument("class_list")
    out.add_argument("lesson", help="its number (03) or its file's name without .ipynb")
    stop = sub.add_parser("stop", help="end the class: the hub, its proxy and services, and every student's server, "
                          "kernel and terminal (Ctrl-C on start stops the hub only: the servers keep running for the next start)")
    stop.add_argument("class_list")
    stop.add_argument("--state", default=str(ROOT / "classroom"), help="the hub's folder (default: classroom/)")
    back = sub.add_parser("collect", help="copy every student's notebook of a lesson into a submissions folder")
    back.add_argument("class_list")
    back.add_argument("lesson")
    back.add_argument("submissions")
    args = parser.parse_args(argv)
    try:
        if args.command == "lessons":
            write_lessons(Path(args.folder))
            print(f"classroom: the lessons for students are in {args.folder} (set {LESSONS} to it)")
            return 0
        if args.command == "cluster-settings":
            write_settings(Path(args.folder), nbgrader_settings(("ngshare", CLUSTER_NGSHARE), CLUSTER_GRADING))
            print(f"classroom: nbgrader's settings for a cluster are in {args.folder}/student and {args.folder}/instructor")
            return 0
        if args.command == "passwords":
            passwords = make_class_list(args.names, args.class_list)
            print(f"# {len(passwords)} students: their login names and passwords, to hand out (only their hashes "
                  f"are in {args.class_list})")
            print("".join(f"{name} {password}\n" for name, password in passwords), end="")
            return 0
        students = read_class_list(args.class_list)
    except ClassListError as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 1
    if args.command == "check":
        print(f"classroom: {args.class_list} lists {len(students)} students: " + ", ".join(n for n, _ in students))
        return 0
    if args.command in ("hand-out", "collect"):
        try:
            said = hand_out(students, args.lesson) if args.command == "hand-out" \
                else collect(students, args.lesson, args.submissions)
        except WorkspaceError as e:
            print(f"classroom: {e}", file=sys.stderr)
            return 1
        print("\n".join(said))
        return 0
    if args.command == "stop":
        state = Path(args.state).resolve()
        said = stop_class(state, [name for name, _ in students], bounds.class_name(state))
        print("classroom: " + "; ".join(said))
        return 0
    if args.admin not in {name for name, _ in students}:
        print(f"classroom: the admin {args.admin} is not on the class list", file=sys.stderr)
        return 1
    try:
        limits = Limits(args.kernel_heap, args.cull_kernels, args.cull_servers,
                        StudentBounds(args.student_memory, args.student_processes, args.student_cpu))
    except ValueError as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 1
    how = bounds.mechanism()
    if how is None and not args.accept_unbounded_students:
        print("classroom: a student's memory and CPU cannot be bounded here: the kernel's cgroup v1 controllers (memory, "
              f"pids, cpu under {bounds.CGROUP_V1}) are not there or not writable by this account (start the classroom "
              "as root). Without them one student's runaway cell or terminal can take every classmate's lesson down. "
              "To start anyway, with only each account's process limit (RLIMIT_NPROC), add --accept-unbounded-students.",
              file=sys.stderr)
        return 1
    created = create_accounts(students)
    print(f"classroom: {len(students)} students, {len(created)} accounts created"
          + (f" ({', '.join(created)})" if created else "") + "; homes are private")
    try:
        new = write_grading_folder(args.admin)
    except WorkspaceError as e:
        print(f"classroom: {e}", file=sys.stderr)
        return 1
    print(f"classroom: nbgrader's course folder for {args.admin} is ~{args.admin}/{GRADING}"
          + (f" ({len(new)} lessons added to source/)" if new else ""), flush=True)
    state = Path(args.state).resolve()
    config = prepare_state(state, students, args.admin, args.ip, args.port, args.java_home, limits,
                           args.exchange, bounds.class_name(state) if how else "")
    private = keep_private([ROOT / name for name in ANSWERS] + [Path(args.class_list).resolve()])
    print("classroom: students make their workspaces from the student copies; the reference answers and the class "
          "list are readable by their owner only" + (f" (made so: {', '.join(private)})" if private else ""), flush=True)
    print(f"classroom: {limits.student.said()}; " + (f"by {how} and each account's process limit (RLIMIT_NPROC)" if how else
          "UNBOUNDED in memory and CPU (--accept-unbounded-students): only each account's process limit (RLIMIT_NPROC)"), flush=True)
    print(f"classroom: each kernel's heap at most {limits.heap}; " + limits.culling(), flush=True)
    print("classroom: nbgrader's exchange: " + ("ngshare, a hub service; every student on the class list takes the course"
                                                if args.exchange == "ngshare" else "files, in the hub's folder"), flush=True)
    print(f"classroom: JupyterHub at http://{args.ip}:{args.port}/ (admin: {args.admin})", flush=True)
    os.chdir(config.parent)
    os.umask(0o077)   # the hub's database, cookie secret and logs: the hub's own
    hub = Path(sys.executable).parent / "jupyterhub"   # the classroom's environment, .venv-nbgrader
    # run as this process's child: when it ends, so do the proxy and the services it started
    return run_hub([str(hub), "-f", str(config)], [name for name, _ in students], bounds.class_name(state) if how else "", state)


if __name__ == "__main__":
    sys.exit(main())
