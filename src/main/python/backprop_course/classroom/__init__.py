"""The course for a class on one machine: JupyterHub 6 (from the classroom's pinned environment,
.venv-nbgrader) serving JupyterLab 4 and the course's kernel, with a real system account per student,
each student's own workspace, and nbgrader's assignment cycle.

The class list has one student per line: a login name and the crypt hash of the password the
instructor gives them (make one with `openssl passwd -6`, or let `passwords` make the whole list
from a list of names, with a new random password for each), e.g.

    ada $6$V1x...$J8...
    # a comment; blank lines are skipped

Students log in with their own password (PAM, JupyterHub's own authenticator); nobody shares one.
A student's first login makes ~/course-workspace from the student copies (the learner's workspace:
exercises stubbed, nothing ever overwritten). Homes are private (0700): a student cannot read
another's files. The answers stay the instructor's: students' workspaces are made from the student
copies in the hub's folder (their hints kept), and start makes the reference notebooks, git's copy
of them, a rendered site and the class list readable by their owner only. The instructor named
with --admin (one of the list) is the hub's admin, and nbgrader's instructor: their JupyterLab opens
their home, with ~/course-grading (an nbgrader course folder holding every lesson in source/) and the
formgrader; students' JupyterLab has nbgrader's assignment list; the exchange is in the hub's folder
(or, with --exchange ngshare, ngshare: a hub service, as on a cluster).

    environment/classroom start CLASS_LIST --admin NAME [--state DIR] [--ip 127.0.0.1] [--port 8000]
                          [--kernel-heap 512m] [--cull-kernels 60] [--cull-servers 30] [--exchange files|ngshare]
    environment/classroom check CLASS_LIST
    environment/classroom passwords NAMES CLASS_LIST
    environment/classroom lessons FOLDER   (for an image: what start writes into the hub's folder)
    environment/classroom cluster-settings FOLDER   (for an image: nbgrader's settings, with ngshare)
    environment/classroom hand-out CLASS_LIST LESSON
    environment/classroom collect CLASS_LIST LESSON SUBMISSIONS_FOLDER

Handing out puts a lesson's student copy into each student's workspace where it is not yet (a
student's own notebook is left alone, and listed); collecting copies each student's notebook of the
lesson into SUBMISSIONS_FOLDER/<student>/, the layout environment/grade reads, and lists who has none.

The package, by job: students (the class list and the accounts), lessons (the students' lessons: hand
out, collect), hub (JupyterHub's configuration and the limits that keep one student from starving the
class), nbgrader_settings (nbgrader's settings for the instructor and for students), exchange (nbgrader's
exchange: the hub's folder, or ngshare), owners_collect and ngshare_service (run by nbgrader and by the
hub), and __main__ (the command environment/classroom runs).
"""
