"""What a learner's cell can do to the kernel: each mistake gets a short, specific message in
the cell and the variables defined before survive; interrupts stop the cell; restart and
shutdown work. On every test JDK."""
import time
import unittest

from kernel_session import KernelSession
from test_support import JDKS


class KernelBehaviour:
    major = None

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession(cls.major)
        cls.k.value("int kept = 41;")

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def assertKeptSurvives(self):
        self.assertEqual(self.k.value("kept + 1"), "42")

    def assertFails(self, code, ename, *phrases, timeout=30):
        reply, outputs = self.k.run(code, timeout)
        self.assertEqual(reply["status"], "error", f"{code!r} should fail")
        self.assertEqual(reply["ename"], ename)
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, "one error output")
        text = "\n".join(errors[0]["content"]["traceback"])
        for phrase in phrases:
            self.assertIn(phrase, text)
        for internal in ("jdk.jshell", "org.dflib", "backprop.kernel", "REPL.$JShell"):
            self.assertNotIn(internal, text, "the trace shows the kernel's insides")
        self.assertLessEqual(len(errors[0]["content"]["traceback"]), 20, "a short trace")
        self.assertKeptSurvives()
        return text

    def test_syntax_error_names_line_and_place(self):
        text = self.assertFails("int a = 1;\nint b = ;", "CompilationError", "line 2 of the cell", "int b = ;", "^")
        self.assertIn("illegal start of expression", text)

    def test_type_error(self):
        self.assertFails('int n = "text";', "CompilationError", "incompatible types")

    def test_exception_shows_cell_and_line(self):
        self.assertFails("int zero = 0;\nint q = 10 / zero;", "ArithmeticException",
                         "java.lang.ArithmeticException: / by zero", "line 2")

    def test_exception_from_a_method_names_it(self):
        self.k.value("int boom(int x) {\n    return x / 0;\n}")
        self.assertFails("boom(3)", "ArithmeticException", "at boom (cell [", "line 2")

    def test_unknown_magic(self):
        self.assertFails("%nosuchmagic", "UnknownMagic", "%nosuchmagic", "%classpath")

    def test_classpath_of_a_missing_file(self):
        self.assertFails("%classpath no/such/library.jar", "FileNotFound", "no/such/library.jar")

    def test_classpath_glob_with_no_match(self):
        self.assertFails("%jars no/such/*.jar", "FileNotFound", "no/such/*.jar")

    def test_endless_recursion(self):
        self.k.value("int down(int n) { return down(n + 1) + 1; }")
        self.assertFails("down(0)", "StackOverflowError", "call itself", "times in a row")

    def test_null_pointer_names_the_variable(self):
        self.assertFails("String nothing = null;\nnothing.length()", "NullPointerException", '"nothing" is null')

    def test_interrupt_a_sleeping_cell(self):
        self.assertInterrupts("Thread.sleep(60_000);")

    def test_interrupt_a_busy_loop(self):
        self.assertInterrupts("long spins = 0;\nwhile (true) { spins++; }")

    def assertInterrupts(self, code):
        msg_id = self.k.send(code)
        self.k.wait_until_busy(msg_id)
        time.sleep(0.5)
        started = time.monotonic()
        self.k.km.interrupt_kernel()
        reply, outputs = self.k.collect(msg_id, timeout=20)
        self.assertEqual(reply["status"], "error")
        self.assertLess(time.monotonic() - started, 10)
        self.assertKeptSurvives()

    def test_output_then_result_in_order(self):
        reply, outputs = self.k.run('System.out.print("a");\nSystem.out.println("b");\n"c"')
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(KernelSession.stream(outputs), "ab\n")
        self.assertEqual(kinds[-1], "execute_result")

    def test_unicode_output(self):
        reply, outputs = self.k.run('System.out.println("σ(z) = 1/(1+e⁻ᶻ) ✓");')
        self.assertEqual(KernelSession.stream(outputs), "σ(z) = 1/(1+e⁻ᶻ) ✓\n")


class RestartAndShutdown:
    major = None

    def test_restart_starts_a_fresh_kernel(self):
        k = KernelSession(self.major)
        try:
            k.value("int before = 1;")
            k.km.restart_kernel(now=False)
            k.kc.wait_for_ready(timeout=60)
            reply, outputs = k.run("before")
            self.assertEqual(reply["status"], "error", "variables are gone after a restart")
            self.assertEqual(k.value("1 + 1"), "2")
        finally:
            k.close()

    def test_shutdown_ends_the_process(self):
        k = KernelSession(self.major)
        k.km.shutdown_kernel(now=False)
        self.assertFalse(k.km.is_alive())
        k.kc.stop_channels()


for _major, _home in JDKS:
    for _base in (KernelBehaviour, RestartAndShutdown):
        _name = f"{_base.__name__}Jdk{_major}"
        globals()[_name] = type(_name, (_base, unittest.TestCase), {"major": _major})

if __name__ == "__main__":
    unittest.main()
