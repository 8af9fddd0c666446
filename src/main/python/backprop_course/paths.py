"""Where the course's things are, in this clone: one place, so that no module counts parent folders."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]   # src/main/python/backprop_course/paths.py
NOTEBOOKS = ROOT / "notebooks"   # the lessons, with their solutions and stored outputs
ENVIRONMENT = ROOT / "environment"   # the commands users run, and the settings they read
TARGET = ROOT / "target"   # what the build makes
JAR = TARGET / "backprop-course.jar"   # the course library, which notebooks load with %classpath
KERNEL_JAR = TARGET / "backprop-kernel.jar"   # the kernel, which the kernelspec starts
