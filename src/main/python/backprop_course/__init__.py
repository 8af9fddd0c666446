"""The course's Python side: what runs around the Java lessons. Importing it does nothing.

The house, folder by folder (each module's own description says more):

    paths.py              where the course's things are in this clone
    notebooks.py          running the lessons in real Jupyter; comparing and storing their outputs
    kernels/              the course's kernel as Jupyter starts it: kernelspec and class data
                          (kernelspec), the JDKs the tests use (jdks), the benchmark (bench)
    learner/              the learner's tools: the workspace (workspace), the exercises and student
                          copies (exercises), hints (hints), progress (progress); its commands
                          (__main__) are environment/start, hint, progress and update-lesson
    grading/              the instructor's grading (grade) and the sandbox submissions run in (sandbox)
    site.py               the rendered course as a static web site
    classroom/            the class on one machine: the class list and accounts (students), the
                          students' lessons (lessons), JupyterHub's configuration and limits (hub),
                          nbgrader's settings (nbgrader_settings) and exchange (exchange,
                          owners_collect, ngshare_service); its command (__main__) is environment/classroom

Who may import whom (test_package checks it): the learner's tools never import the classroom or the
site; grading never imports the classroom or the site; the classroom never imports the site; nothing
imports a command (__main__).

The environment/ commands call it as `python -m backprop_course.<job>`; every project environment
(.venv, .venv-nbgrader, .venv-ngshare) finds it through backprop_course.pth, which environment/setup
writes into its site-packages (what an editable install writes).
"""
