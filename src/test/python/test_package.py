"""The Python side as one package, backprop_course (src/main/python): ruff finds nothing in it or in the
tests (its rules are in pyproject.toml), no module is over 400 lines, imports are package imports (no
sys.path edits, no relative imports), who may import whom holds (the house's rules, written in the
package's description), and every command the environment/ scripts run says what it does with --help."""
import ast
import subprocess
import sys
import unittest
from pathlib import Path

import backprop_course
from test_support import ROOT

PACKAGE = Path(backprop_course.__file__).parent
LIMIT = 400   # lines a module may have
# (importer's folder or module, what it must never import): the learner's tools and grading stay apart from
# the classroom and the book, the classroom from the book; the notebooks and the paths import nothing else
# of the package but the paths; nobody imports a command (__main__)
FORBIDDEN = [
    ("backprop_course.learner", "backprop_course.classroom"), ("backprop_course.learner", "backprop_course.book"),
    ("backprop_course.grading", "backprop_course.classroom"), ("backprop_course.grading", "backprop_course.book"),
    ("backprop_course.classroom", "backprop_course.book"),
    ("backprop_course.kernels", "backprop_course.learner"), ("backprop_course.kernels", "backprop_course.grading"),
    ("backprop_course.kernels", "backprop_course.classroom"),
    ("backprop_course.notebooks", "backprop_course."), ("backprop_course.paths", "backprop_course."),
]
ALLOWED = {"backprop_course.notebooks": {"backprop_course.paths"}, "backprop_course.paths": set()}
# the commands environment/ runs (python -m ...) and what their --help starts its description with
COMMANDS = {
    "backprop_course.learner": "The learner's own workspace",
    "backprop_course.grading.grade": "Instructors' tools",
    "backprop_course.classroom": "The course for a class on one machine",
    "backprop_course.notebooks": "Run the course's notebooks in real Jupyter",
    "backprop_course.book.build": "Builds the course's book",
    "backprop_course.kernels.bench": "Benchmark of the course's kernel",
}


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source):
    """The absolute module names a module's source imports (`from a import b` counts as a.b too:
    b may be a module)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def broken_rules(modules):
    """What breaks the house's rules in {module name: its imports}, said one a line."""
    said = []
    for name, imported in sorted(modules.items()):
        ours = {i for i in imported if i.startswith("backprop_course.")}
        for importer, forbidden in FORBIDDEN:
            if name == importer or name.startswith(importer + "."):
                for i in sorted(ours):
                    allowed = any(i == a or i.startswith(a + ".") for a in ALLOWED.get(name, ()))
                    if i.startswith(forbidden) and not allowed:
                        said.append(f"{name} imports {i}")
        said += [f"{name} imports the command {i}" for i in sorted(ours) if i.endswith(".__main__")]
    return said


def uses_sys_path(source):
    return any(isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name)
               and node.value.id == "sys" for node in ast.walk(ast.parse(source)))


class Package(unittest.TestCase):
    modules = sorted(PACKAGE.rglob("*.py"))

    def test_ruff_finds_nothing_in_the_package_or_the_tests(self):
        ruff = Path(sys.executable).with_name("ruff")
        done = subprocess.run([str(ruff), "check", "--no-cache", "src/main/python", "src/test/python"],
                              cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_every_module_has_at_most_400_lines_and_says_what_it_is_for(self):
        self.assertGreater(len(self.modules), 15)
        for path in self.modules:
            source = path.read_text(encoding="utf-8")
            self.assertLessEqual(source.count("\n"), LIMIT, f"{path.relative_to(ROOT)}: split it by job")
            self.assertTrue(ast.get_docstring(ast.parse(source)), f"{path.relative_to(ROOT)} has no description")

    def test_imports_are_package_imports(self):
        for path in self.modules:
            source = path.read_text(encoding="utf-8")
            self.assertFalse(uses_sys_path(source), f"{path.relative_to(ROOT)} edits sys.path: import the package instead")
            self.assertNotIn("E402", source, f"{path.relative_to(ROOT)} waives E402")
            relative = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom) and n.level]
            self.assertEqual(relative, [], f"{path.relative_to(ROOT)} imports relatively")

    def test_who_may_import_whom(self):
        modules = {module_name(p): imports_of(p.read_text(encoding="utf-8")) for p in self.modules}
        self.assertIn("backprop_course.classroom.hub", modules)
        self.assertEqual(broken_rules(modules), [])

    def test_the_rules_catch_what_they_forbid(self):
        planted = {"backprop_course.learner.hints": imports_of("from backprop_course.classroom import hub"),
                   "backprop_course.classroom.lessons": imports_of("import backprop_course.book"),
                   "backprop_course.notebooks": imports_of("from backprop_course.learner.exercises import stub"),
                   "backprop_course.book": imports_of("from backprop_course.learner import __main__")}
        self.assertEqual(broken_rules(planted), [
            "backprop_course.book imports the command backprop_course.learner.__main__",
            "backprop_course.classroom.lessons imports backprop_course.book",
            "backprop_course.learner.hints imports backprop_course.classroom",
            "backprop_course.learner.hints imports backprop_course.classroom.hub",
            "backprop_course.notebooks imports backprop_course.learner.exercises",
            "backprop_course.notebooks imports backprop_course.learner.exercises.stub"])
        self.assertTrue(uses_sys_path("import sys\nsys.path.insert(0, 'x')"))
        self.assertFalse(uses_sys_path("import os\nos.path.join('a', 'b')"))

    def test_every_command_says_what_it_does(self):
        for module, description in COMMANDS.items():
            done = subprocess.run([sys.executable, "-I", "-m", module, "--help"], capture_output=True, text=True, cwd="/")
            self.assertEqual((done.returncode, done.stderr), (0, ""), module)
            self.assertIn("usage:", done.stdout, module)
            self.assertIn(description, " ".join(done.stdout.split()), module)


if __name__ == "__main__":
    unittest.main()
