"""Builds the course's book into a folder (default target/site):

    python -m backprop_course.book.build [OUTDIR] [--hub URL] [--hub-folder FOLDER]

The README (the front page), docs/ and notebooks/ are staged into target/book-src as they lie in the
clone, so that their links between each other hold, with the sidebar's two parts (the lessons, the
guides) added to the front page; Sphinx (.venv-book, from environment/book/requirements.lock) builds
them, and Debian's MathJax is copied in."""
import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from backprop_course.notebooks import course_notebooks
from backprop_course.paths import ROOT, TARGET

MATHJAX = Path("/usr/share/javascript/mathjax")
MATHJAX_PARTS = ("MathJax.js", "config", "extensions", "fonts", "jax", "localization")
GUIDES = ("learners", "instructors", "classroom", "reading", "kernel", "requirements", "developers")


def sidebar(caption, pages):
    return f"\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n" + "\n".join(pages) + "\n```\n"


def stage(folder):
    """The book's sources in folder, made anew."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "notebooks").mkdir(parents=True)
    lessons = course_notebooks()
    for path in lessons:
        shutil.copy2(path, folder / "notebooks" / path.name)
    (folder / "docs").mkdir()
    for guide in (ROOT / "docs").glob("*.md"):   # the README is the book's front page, index
        text = guide.read_text(encoding="utf-8").replace("](../README.md", "](../index.md")
        (folder / "docs" / guide.name).write_text(text, encoding="utf-8")
    # the licence, a text file beside the pages (not a page of the book)
    (folder / "_extra").mkdir()
    shutil.copy2(ROOT / "LICENSE", folder / "_extra" / "LICENSE.txt")
    front = (ROOT / "README.md").read_text(encoding="utf-8").replace("[LICENSE](LICENSE)", '<a href="LICENSE.txt">LICENSE</a>')
    front += sidebar("Lessons", [f"notebooks/{p.stem}" for p in lessons])
    front += sidebar("Guides", [f"docs/{g}" for g in GUIDES])
    (folder / "index.md").write_text(front, encoding="utf-8")
    (folder / "_static").mkdir()
    for name in ("course.css", "course.js"):
        shutil.copy2(Path(__file__).parent / name, folder / "_static" / name)


def serve_mathjax(out):
    """Debian's MathJax into the built book's _static/mathjax (copied once, after Sphinx, rather than staged
    for Sphinx to copy again: it is 54 MB)."""
    static = out / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        source = MATHJAX / part
        if not source.exists():
            raise SystemExit(f"book: {source} is missing; install Debian's libjs-mathjax (environment/setup site does)")
        if source.is_dir():
            shutil.copytree(source, static / part, symlinks=False)
        else:
            static.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, static / part)


def book_python():
    """The Python of the book's own environment (.venv-book: Sphinx, MyST-NB, the theme, repo2docker)."""
    python = os.environ.get("BOOK_PYTHON") or str(ROOT / ".venv-book" / "bin" / "python")
    if not Path(python).exists():
        raise SystemExit("book: Sphinx is not installed: run environment/setup site")
    return python


def build(out=None, hub="", hub_folder=""):
    """Writes the book; returns the folder."""
    out = Path(out or TARGET / "site")
    sources = TARGET / "book-src"
    stage(sources)
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "COURSE_BOOK_HUB": hub, "COURSE_BOOK_HUB_FOLDER": hub_folder, "COURSE_BOOK_SOURCES": str(sources),
           "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
    done = subprocess.run([book_python(), "-m", "sphinx", "-b", "html", "-q", "-E", "-c", str(Path(__file__).parent),
                           "-d", str(TARGET / "book-doctrees"), str(sources), str(out)], env=env)
    if done.returncode:
        raise SystemExit(f"book: Sphinx failed (exit {done.returncode}, see above)")
    serve_mathjax(out)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="environment/site", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", help="the folder to write the book into (default: target/site)")
    parser.add_argument("--hub", default="",
                        help="the class's JupyterHub (http://host:port): each lesson gets a button that opens it there")
    parser.add_argument("--hub-folder", default="",
                        help="the workspace's folder under a student's server root (Kubernetes: course-workspace/)")
    args = parser.parse_args(argv)
    out = build(args.outdir, args.hub, args.hub_folder)
    print(f"book written: {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
