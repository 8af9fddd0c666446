"""ngshare's course for a class (environment/classroom start --exchange ngshare): the instructor teaching
it, every other student on the class list taking it, since ngshare serves a course's files to its
members only. Written straight into ngshare's database, with ngshare's own schema and models, before the
hub starts ngshare; run with ngshare's Python (.venv-ngshare):

    course_ngshare.py DATABASE_URL COURSE INSTRUCTOR [STUDENT ...]

A student taken off the class list stays enrolled (their submissions are kept). On a cluster the
instructor enrols the class with ngshare's own command instead (ngshare-course-management, in the image).
"""
import sys

from ngshare import dbutil
from ngshare.database import Course, User
from sqlalchemy import create_engine
from sqlalchemy.orm import Session


def enrol(url, course_id, instructor, students):
    """Makes the course (or completes it); the names newly enrolled."""
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
        elif instructor not in [u.id for u in course.instructors]:
            course.instructors.append(user(instructor))
            added.append(instructor)
        taking = {u.id for u in course.students}
        for name in students:
            if name != instructor and name not in taking:
                course.students.append(user(name))
                added.append(name)
        db.commit()
    return added


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    url, course_id, instructor, *students = sys.argv[1:]
    added = enrol(url, course_id, instructor, students)
    print(f"ngshare: {course_id}: {len(added)} enrolled" + (f" ({', '.join(added)})" if added else ""))
