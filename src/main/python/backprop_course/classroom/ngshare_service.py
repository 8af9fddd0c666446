"""ngshare for a class (environment/classroom start --exchange ngshare), run with ngshare's Python
(.venv-ngshare):

    ngshare_service.py enrol DATABASE_URL COURSE INSTRUCTOR [STUDENT ...]
    ngshare_service.py serve --admins NAME --database DATABASE_URL --storage FOLDER

enrol: the course, taught by the instructor alone and taken by every other student on the class list,
since ngshare serves a course's files to its members only. Written straight into ngshare's database, with
ngshare's own schema and models, before the hub starts ngshare. A student taken off the class list stays
enrolled (their submissions are kept).

serve: ngshare 0.6.0 as the hub starts it (a hub service), with two of its choices changed. It takes a
request's sender from any hub token of theirs, whatever the token may do, so the token the instructor's
browser hands a student's server when the instructor opens it to help would let that student act as the
instructor; here a token counts only if the hub lets it use ngshare (access:services!service=ngshare),
which the students' and the instructor's servers' tokens may, and nothing else the instructor holds.
Its web page's login cookie is not read (nbgrader's client sends the token). And it listens on 127.0.0.1,
where ngshare itself listens on all addresses.

On a cluster the instructor enrols the class with ngshare's own command instead (ngshare-course-management,
in the image), and ngshare's Helm chart runs ngshare as released (environment/kubernetes/values.yaml).
"""
import argparse
import os
import sys
from collections import namedtuple
from urllib.parse import urlparse

from ngshare import dbutil
from ngshare import ngshare as service
from ngshare.database import Course, User
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.web import HTTPError

# the hub's scope that lets a token use ngshare; access:services lets it use every service
ACCESS = {"access:services", "access:services!service=ngshare"}


def enrol(url, course_id, instructor, students):
    """Makes the course (or completes it), with the instructor its only one; the names newly enrolled."""
    dbutil.upgrade(url)   # ngshare's schema, as ngshare makes it at its own start
    added = []
    with Session(create_engine(url)) as db:
        def user(name):
            return db.query(User).filter(User.id == name).one_or_none() or User(name)

        course = db.query(Course).filter(Course.id == course_id).one_or_none()
        if course is None:
            course = Course(course_id, [user(instructor)])
            db.add(course)
            added.append(instructor)
        elif [u.id for u in course.instructors] != [instructor]:   # an instructor before this one teaches no more
            course.instructors = [user(instructor)]
            added.append(instructor)
        taking = {u.id for u in course.students}
        for name in students:
            if name != instructor and name not in taking:
                course.students.append(user(name))
                added.append(name)
        db.commit()
    return added


def token_from_header(handler):
    """The token nbgrader's client sends (Authorization: token ...); never the web page's cookie. A
    request without one is refused before ngshare looks at it."""
    header = handler.request.headers.get("Authorization", "")
    if not header.startswith("token "):
        raise HTTPError(403, "ngshare takes a request with a hub token only (Authorization: token ...)")
    return header[len("token "):]


def user_allowed_ngshare(handler, token):
    """The hub's model of the token's owner, if the hub lets that token use ngshare."""
    owner = user_for_any_token(handler, token)
    if not (owner and ACCESS & set(owner.get("scopes", ()))):
        raise HTTPError(403, "this token may not use ngshare (it needs the hub's access:services!service=ngshare)")
    return owner


user_for_any_token = service.MyRequestHandler.user_for_token


def serve(admins, database, storage):
    """ngshare's own start (its main), on 127.0.0.1, with the two handler methods above."""
    service.MyRequestHandler.get_current_token = token_from_header
    service.MyRequestHandler.user_for_token = user_allowed_ngshare
    dbutil.upgrade(database, cmd_opts=namedtuple("CmdOpts", ["x"])(["data=true", "storage=" + storage]))
    app = service.MyApplication(os.environ["JUPYTERHUB_SERVICE_PREFIX"], database, storage, admin=admins.split(","))
    HTTPServer(app).listen(urlparse(os.environ["JUPYTERHUB_SERVICE_URL"]).port, "127.0.0.1")
    IOLoop.current().start()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ngshare_service.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    course = sub.add_parser("enrol", help="the course and the class, into ngshare's database")
    course.add_argument("database")
    course.add_argument("course")
    course.add_argument("instructor")
    course.add_argument("students", nargs="*")
    run = sub.add_parser("serve", help="ngshare, as the hub starts it")
    run.add_argument("--admins", required=True)
    run.add_argument("--database", required=True)
    run.add_argument("--storage", required=True)
    args = parser.parse_args(argv)
    if args.command == "enrol":
        added = enrol(args.database, args.course, args.instructor, args.students)
        print(f"ngshare: {args.course}: {len(added)} enrolled" + (f" ({', '.join(added)})" if added else ""))
    else:
        serve(args.admins, args.database, args.storage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
