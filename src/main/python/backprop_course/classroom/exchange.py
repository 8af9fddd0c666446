"""nbgrader's exchange, where the instructor releases lessons and students submit them: a folder in the
hub's folder (nbgrader's own), or ngshare, a hub service in an environment of its own (as on a cluster)."""
import os
import pwd
import subprocess
from pathlib import Path

from backprop_course.classroom.nbgrader_settings import COURSE_ID
from backprop_course.classroom.students import exists
from backprop_course.paths import ROOT

EXCHANGE = "exchange"
# ngshare, the other exchange, a hub service in an environment of its own (environment/ngshare)
NGSHARE_PYTHON = ROOT / ".venv-ngshare" / "bin" / "python"
NGSHARE = Path(__file__).with_name("ngshare_service.py")   # run as a script, by its path
# the system account ngshare runs as, with no login and no home (no class list's name starts with _)
NGSHARE_ACCOUNT = "_ngshare"
# the hub's right to use ngshare, which every user's server's token gets
NGSHARE_SCOPE = "access:services!service=ngshare"


def make_file_exchange(state, admin):
    """nbgrader's own exchange, state/exchange, where the instructor releases and students submit
    (nbgrader's modes keep each student's submission and feedback from the others); its folder."""
    exchange = state / EXCHANGE
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o1777)   # as nbgrader asks (everyone writes), sticky: nobody removes another's folder
    # the course's folders, made now as the instructor's with nbgrader's own modes: a student who made
    # them first would own them, and the instructor could neither release nor collect
    account = pwd.getpwnam(admin)
    for name, mode in (("", 0o755), ("outbound", 0o755), ("inbound", 0o2733), ("feedback", 0o711)):
        folder = exchange / COURSE_ID / name
        if folder.is_symlink() or (folder.exists() and folder.stat().st_uid != account.pw_uid):
            raise SystemExit(f"classroom: {folder} is not {admin}'s: remove it (a student may have made it) and start again")
        folder.mkdir(exist_ok=True)
        os.chown(folder, account.pw_uid, account.pw_gid)
        folder.chmod(mode)
    return exchange


def enrol_in_ngshare(state, admin, students):
    """ngshare's database in the hub's folder (state/ngshare, its account's alone), with the course and
    the class list enrolled (ngshare_service.py, run with ngshare's Python); what it said."""
    if not NGSHARE_PYTHON.exists():
        raise SystemExit("classroom: ngshare's environment (.venv-ngshare) is missing; environment/setup makes it (Python 3.11 or newer)")
    if not exists(NGSHARE_ACCOUNT):
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", NGSHARE_ACCOUNT], check=True)
    account = pwd.getpwnam(NGSHARE_ACCOUNT)
    folder = state / "ngshare"
    folder.mkdir(exist_ok=True)
    done = subprocess.run([str(NGSHARE_PYTHON), str(NGSHARE), "enrol", f"sqlite:///{folder / 'ngshare.db'}", COURSE_ID, admin,
                           *(name for name, _ in students)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"classroom: ngshare's course could not be made: {done.stderr[-2000:]}")
    for path in [folder, *folder.rglob("*")]:   # what enrol wrote as root, and what ngshare wrote before
        os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)
    return done.stdout.strip()
