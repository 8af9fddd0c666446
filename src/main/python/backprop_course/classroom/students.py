"""The class: the class list (a login name and a password hash a line), new passwords, and a system
account with a private home for each student; running something as a student."""
import os
import pwd
import re
import secrets
import subprocess
from pathlib import Path

from backprop_course.learner.workspace import WorkspaceError

NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
CRYPT = re.compile(r"^\$(1|5|6|y|2[abxy]?)\$[./A-Za-z0-9$]{8,}$")
WORKSPACE = "course-workspace"


class ClassListError(Exception):
    pass


def _entries(path, what):
    """(line number, words) of each line of the file that is not blank or a comment."""
    path = Path(path)
    if not path.is_file():
        raise ClassListError(f"no {what} at {path}")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if text and not text.startswith("#"):
            yield number, text.split()


def _check_name(number, name, seen, problems):
    """Adds what is wrong with the login name on that line to problems, and the name to seen."""
    if not NAME.match(name):
        problems.append(f"line {number}: {name!r} is not a login name (lowercase letters, digits, - and _, "
                        "starting with a letter, at most 32)")
    elif name in seen:
        problems.append(f"line {number}: {name} is on the list twice")
    seen.add(name)


def _checked(path, what, entries, problems):
    if problems:
        raise ClassListError(f"the {what} {path} has mistakes (nobody was created):\n  " + "\n  ".join(problems))
    if not entries:
        raise ClassListError(f"the {what} {path} names no student")
    return entries


def read_class_list(path):
    """[(name, password hash)] from the class list; ClassListError naming every wrong line."""
    students, problems, seen = [], [], set()
    for number, parts in _entries(path, "class list"):
        if len(parts) != 2:
            problems.append(f"line {number}: write a login name and a password hash, e.g. ada $6$...  (got {' '.join(parts)!r})")
            continue
        name, hashed = parts
        _check_name(number, name, seen, problems)
        if not CRYPT.match(hashed):
            problems.append(f"line {number}: the password of {name} is not a crypt hash; make one with: openssl passwd -6")
        students.append((name, hashed))
    return _checked(path, "class list", students, problems)


def read_names(path):
    """[name] from a list of login names, one a line; ClassListError naming every wrong line."""
    names, problems, seen = [], [], set()
    for number, parts in _entries(path, "list of names"):
        if len(parts) != 1:
            problems.append(f"line {number}: write one login name a line (got {' '.join(parts)!r})")
            continue
        _check_name(number, parts[0], seen, problems)
        names.append(parts[0])
    return _checked(path, "list of names", names, problems)


def make_class_list(names_file, class_list):
    """A class list for the names: a new random password for each (returned, [(name, password)],
    for the instructor to hand out) and its SHA-512 crypt hash in the class list, which must not
    exist yet (it is never overwritten) and is written readable by its owner only."""
    names = read_names(names_file)
    class_list = Path(class_list)
    if class_list.exists():
        raise ClassListError(f"{class_list} exists already: nothing was written. Choose a new file name")
    passwords = [(name, new_password()) for name in names]
    lines = [f"{name} {crypt_hash(password)}\n" for name, password in passwords]
    with open(os.open(class_list, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
        out.write("# made by environment/classroom passwords: a login name and its password's hash a line\n")
        out.writelines(lines)
    return passwords


def new_password():
    """A random password easy to copy from paper: three groups of four letters and digits, none of
    them easy to take for another (no l, 1, o, 0), 60 bits."""
    letters = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(letters) for _ in range(4)) for _ in range(3))


def crypt_hash(password):
    """The password's SHA-512 crypt hash, as chpasswd --encrypted takes it (openssl passwd -6)."""
    return subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True,
                          check=True).stdout.strip()


def exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def create_accounts(students):
    """A system account per new student, with the password the list gives, and a private home.
    An account that exists is left as it is (its password too). Returns the names created."""
    created = []
    for name, hashed in students:
        if exists(name):
            continue
        subprocess.run(["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", name], check=True)   # a group of their own
        subprocess.run(["chpasswd", "--encrypted"], input=f"{name}:{hashed}\n", text=True, check=True)
        created.append(name)
    for name, _ in students:
        Path(pwd.getpwnam(name).pw_dir).chmod(0o700)
    return created


def workspace_of(name):
    return Path(pwd.getpwnam(name).pw_dir) / WORKSPACE


def as_student(name, action):
    """action() run in a child process with the student's user, groups and home (so whatever it
    writes in their workspace and their Jupyter folders is theirs, and root follows none of their
    links); its result, a string."""
    account = pwd.getpwnam(name)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child: never returns
        code = 0
        try:
            os.close(read)
            os.initgroups(name, account.pw_gid)
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            os.environ["HOME"] = account.pw_dir   # their own Jupyter folders (the lessons' trust, say)
            for variable in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "XDG_DATA_HOME"):
                os.environ.pop(variable, None)
            said = action()
        except BaseException as e:  # whatever it is, the parent says it
            said, code = f"{type(e).__name__}: {e}", 1
        os.write(write, said.encode("utf-8"))
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        said = pipe.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise WorkspaceError(f"{name}'s workspace: {said}")
    return said


def keep_private(paths):
    """Each existing path made readable by its owner only (group and others lose every right); the
    ones changed, to tell the instructor."""
    changed = []
    for path in paths:
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(path.stat().st_mode & 0o700)
            changed.append(str(path))
    return changed
