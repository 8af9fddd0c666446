"""What the Python tests share: the paths, and the course's kernel on each test JDK
(course_kernels: the default JDK and the newest other one, as temporary kernelspecs)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "main" / "python"))

from course_kernels import JAR, JDKS, ROOT, kernel_name  # noqa: E402,F401
