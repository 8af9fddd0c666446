"""What a learner's cell can do to the kernel: each mistake gets a short, specific message in
the cell and the variables defined before survive; interrupts stop the cell; restart and
shutdown work. On every test JDK."""
import os
import time
import unittest

from kernel_session import KernelSession
from test_support import JAR, per_jdk


class WithKernel:
    """One kernel for a class of tests, holding a variable that must survive every test."""
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


    def assertInterrupts(self, code):
        """Runs the code, interrupts it once it is busy, and expects it stopped with the kernel whole."""
        msg_id = self.k.send(code)
        self.k.wait_until_busy(msg_id)
        time.sleep(0.5)
        started = time.monotonic()
        self.k.km.interrupt_kernel()
        reply, outputs = self.k.collect(msg_id, timeout=20)
        self.assertEqual(reply["status"], "error")
        self.assertLess(time.monotonic() - started, 10)
        self.assertKeptSurvives()


class KernelBehaviour(WithKernel):

    def test_syntax_error_names_line_and_place(self):
        text = self.assertFails("int a = 1;\nint b = ;", "CompilationError", "line 2 of the cell", "int b = ;", "^")
        self.assertIn("illegal start of expression", text)

    def test_an_answer_that_no_longer_compiles_is_not_graded(self):
        """JShell keeps the last definition that compiled: a check would grade an answer the cell no longer holds."""
        self.assertEqual(self.k.value("double answer() { return 1; }\nanswer()"), "1.0")
        reply, _ = self.k.run('double answer() { return "two"; }')
        self.assertIn("The earlier answer is forgotten", "\n".join(reply["traceback"]))
        broken_cell = reply["execution_count"]
        text = self.assertFails("answer() + answer()", "CompilationError",
                                f"answer did not compile when cell [{broken_cell}] last ran: fix that cell and run it again")
        self.assertNotIn("location: class", text)
        self.assertNotIn("cannot find symbol", text, "one mistake, one message: not the compiler's list for each use again")
        self.assertEqual(self.k.value("double answer() { return 2; }\nanswer()"), "2.0")
        # a typo that does not even parse: JShell keeps the earlier answer unless the kernel forgets it
        reply, _ = self.k.run("double answer() {\n    return 3\n}")
        self.assertIn("The earlier answer is forgotten", "\n".join(reply["traceback"]))
        self.assertFails("answer()", "CompilationError", f"answer did not compile when cell [{reply['execution_count']}]")

    def test_a_typo_in_an_answer_never_costs_the_lesson_a_variable_of_the_same_name(self):
        """The lesson's own `steps` stays when the learner's method, with a local `steps`, does not
        parse; likewise for a parameter, a lambda's parameter, a nested class's field and a record's
        component. Only the answer itself (the method, class or variable the cell declares) is forgotten."""
        self.k.run("double steps = 5;\nint rate = 2;\ndouble b3 = 1;\nString name = \"w\";")
        typos = {
            "a local variable": "double nextB3(double x) {\n    double steps = x * 0.1\n    return x - steps;\n}",
            "a parameter": "double nextB3(double b3) {\n    return b3 - 0.1\n}",
            "a lambda's parameter": "Function<Double, Double> next = steps -> {\n    return steps * 2\n};",
            "a nested class's field": "class Net {\n    class Layer { int rate = 3 }\n}",
            "a record's component": "record Named(String name, int rate) {\n    Named { rate = }\n}",
        }
        for what, typo in typos.items():
            with self.subTest(what):
                reply, _ = self.k.run(typo)
                self.assertEqual(reply["status"], "error")
                self.assertNotRegex("\n".join(reply["traceback"]), r"The earlier (steps|rate|b3|name)\b")
                self.assertEqual(self.k.value("steps + \" \" + rate + \" \" + b3 + \" \" + name"), "5.0 2 1.0 w")
        self.assertEqual(self.k.value("double nextB3(double x) {\n    double steps = x * 0.1;\n    return x - steps;\n}\n"
                                      "nextB3(1) + steps"), "5.9", "the fixed answer and the lesson's steps, both")

    def test_a_name_not_defined_yet_says_which_cell_to_run(self):
        text = self.assertFails("double d = notDefinedYet(3);", "CompilationError",
                                "notDefinedYet is not defined yet: run the cell that defines it first")
        self.assertNotIn("location: class", text)

    def test_a_failed_check_reads_as_feedback(self):
        self.k.value(f"%classpath {JAR}")
        reply, _ = self.k.run('backprop.course.Exercise.check("Exercise 9", () -> '
                              'backprop.course.Exercise.expectClose("the answer", 1.0, 2.0, 0));')
        self.assertEqual(reply["traceback"], ["Exercise 9: the answer is 1.0, expected 2.0 (off by 1.0)"])
        reply, _ = self.k.run('backprop.course.Exercise.check("Exercise 8", () -> { throw new UnsupportedOperationException(); });')
        self.assertEqual(len(reply["traceback"]), 1, reply["traceback"])
        self.assertIn("Exercise 8 is not done yet", reply["traceback"][0])
        self.assertKeptSurvives()

    def test_two_library_classes_that_meet_in_a_cell_run_or_the_cell_says_what_to_write(self):
        """JDK 25's JShell cannot load a cell where values of two %classpath classes meet, as the sides of
        a ? : do (JDK-8366926): the kernel says why and what to write instead. Where the JDK can, it runs."""
        self.k.value(f"%classpath {JAR}")
        reply, outputs = self.k.run("backprop.course.SoftmaxClassifier either(boolean small) {\n"
                                    "    return small ? new backprop.course.SoftmaxRegression(64, 10)\n"
                                    "                 : new backprop.course.DigitsNetwork(4, 1);\n}")
        if reply["status"] == "ok":
            self.assertEqual(self.k.value("either(true).parameterNames().toString()"), "[W, b]")
        else:
            self.assertEqual(reply["ename"], "UnloadableCell", reply)
            said = "\n".join(reply["traceback"])
            self.assertIn("cannot see SoftmaxRegression, which %classpath", said)
            self.assertIn("(SoftmaxClassifier) new SoftmaxRegression(64, 10)", said)
        self.assertKeptSurvives()

    def test_type_error(self):
        self.assertFails('int n = "text";', "CompilationError", "incompatible types")

    def test_exception_shows_cell_and_line(self):
        self.assertFails("int zero = 0;\nint q = 10 / zero;", "ArithmeticException",
                         "java.lang.ArithmeticException: / by zero", "line 2")

    def test_exception_from_a_method_names_it(self):
        self.k.value("int boom(int x) {\n    return x / 0;\n}")
        self.assertFails("boom(3)", "ArithmeticException", "at boom (cell [", "line 2")

    def test_package_names_complete_and_the_course_librarys_after_its_classpath(self):
        """Completing a package's name reads JShell's index of packages, which the kernel has JShell build at
        the first completion (kernel/PackageIndex.java): the first one and those after a %classpath complete."""
        def completes(text):
            return self.k.kc.complete(text, reply=True, timeout=30)["content"]["matches"]
        self.assertIn("util.", completes("java.ut"))
        self.k.value(f"%classpath {JAR}")
        self.assertIn("course.", completes("import backprop.cou"))
        self.assertIn("simple.", completes("org.ejml.sim"))
        self.assertKeptSurvives()

    def test_unknown_magic(self):
        self.assertFails("%nosuchmagic", "UnknownMagic", "%nosuchmagic", "%classpath")

    def test_hint_gives_an_exercises_hints_a_step_at_a_time_in_the_cell(self):
        """%hint NN N [STEP]: the course's environment/hint in the cell, naming the next step as %hint."""
        reply, outputs = self.k.run("%hint 03 1", timeout=60)
        self.assertEqual(reply["status"], "ok", outputs)
        said = self.k.stream(outputs)
        self.assertTrue(said.startswith("03-bias-only-gradient-descent, exercise 1, hint 1 of 2: "), said)
        self.assertIn("the next hint: %hint 03 1 2", said)
        self.assertNotIn("slope +=", said, "a first hint is not the answer")
        reply, outputs = self.k.run("%hint 3 1 2", timeout=60)
        self.assertIn("hint 2 of 2", self.k.stream(outputs))
        self.assertIn("the reference answer: %hint 03 1 --solution", self.k.stream(outputs))
        self.assertFails("%hint 30 1", "MagicError", "30", timeout=60)

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

    def test_output_then_result_in_order(self):
        reply, outputs = self.k.run('System.out.print("a");\nSystem.out.println("b");\n"c"')
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(KernelSession.stream(outputs), "ab\n")
        self.assertEqual(kinds[-1], "execute_result")

    def test_a_cell_that_interrupts_its_own_thread_still_shows_everything(self):
        reply, outputs = self.k.run('Thread.currentThread().interrupt();\ndisplay("shown");\n'
                                    'System.out.println("printed");\n7')
        self.assertEqual(reply["status"], "ok")
        kinds = [(m["msg_type"], m["content"].get("text") or m["content"]["data"]["text/plain"]) for m in outputs]
        self.assertEqual(kinds, [("display_data", "shown"), ("stream", "printed\n"), ("execute_result", "7")])
        self.assertKeptSurvives()

    def test_unicode_output(self):
        reply, outputs = self.k.run('System.out.println("σ(z) = 1/(1+e⁻ᶻ) ✓");')
        self.assertEqual(KernelSession.stream(outputs), "σ(z) = 1/(1+e⁻ᶻ) ✓\n")


class LearnerCannotBreakIt(WithKernel):
    """What a learner may do to the kernel: each gets a clear message, the kernel stays up, and
    earlier variables survive."""

    def cpu_seconds(self):
        pid = self.k.km.provisioner.pid
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def test_system_exit_does_not_end_the_kernel(self):
        self.assertFails("System.exit(0);", "SystemExit", "System.exit(0)", "Kernel → Restart")
        self.assertTrue(self.k.km.is_alive())

    def test_runtime_exit_and_halt_do_not_end_the_kernel(self):
        self.assertFails("Runtime.getRuntime().exit(1);", "SystemExit", "Runtime.exit(1)", "Kernel → Restart")
        self.assertFails("IntConsumer quit = Runtime.getRuntime()::halt;\nquit.accept(2);", "SystemExit", "Runtime.halt(2)")
        self.assertTrue(self.k.km.is_alive())

    def test_one_allocation_larger_than_the_heap(self):
        self.assertFails("double[] huge = new double[Integer.MAX_VALUE - 8];", "OutOfMemoryError",
                         "more memory than the kernel has", "set such variables to null")

    def test_ten_megabytes_of_output_all_arrive(self):
        line = "x" * 99
        reply, outputs = self.k.run(f'for (int i = 0; i < 100_000; i++) System.out.println("{line}");', timeout=120)
        self.assertEqual(reply["status"], "ok")
        text = KernelSession.stream(outputs)
        self.assertEqual(len(text), 100_000 * 100, "every byte printed arrives")
        self.assertEqual(text.count("\n"), 100_000)
        self.assertKeptSurvives()

    def test_reading_stdin_without_a_frontend_to_answer(self):
        msg_id = self.k.kc.execute("String answer = new java.util.Scanner(System.in).nextLine();", allow_stdin=False)
        reply, outputs = self.k.collect(msg_id)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "IllegalStateException")
        self.assertIn("Put the value in the code", reply["evalue"])
        self.assertKeptSurvives()

    def test_an_interrupt_between_cells_does_no_harm(self):
        self.k.km.interrupt_kernel()
        time.sleep(0.5)
        self.assertKeptSurvives()

    def test_a_class_redefined_with_a_new_signature(self):
        self.k.value("class Point { int x; Point(int x) { this.x = x; } }")
        self.assertEqual(self.k.value("new Point(3).x"), "3")
        self.k.value("class Point { String name; Point(String name) { this.name = name; } }")
        self.assertEqual(self.k.value('new Point("p").name'), "p")
        self.assertKeptSurvives()

    def test_interrupting_a_long_loop_in_the_course_library_stops_it(self):
        self.k.value(f"%classpath {JAR}")
        self.assertInterrupts("new backprop.course.WelchLabsNetwork().train("
                              "backprop.course.WelchLabsNetwork.X(), backprop.course.WelchLabsNetwork.y(), 1.0, "
                              "50_000_000, (i, n, c) -> {});")
        self.assertIdle()

    def test_an_interrupt_while_the_cell_still_compiles_stops_it(self):
        """Kernel → Interrupt pressed as the cell starts, while JShell still compiles it (a second on a
        busy machine; here a long cell makes it so): the cell is not run, and says it was interrupted.
        (It was lost: the course library's loop ran its 10 million iterations to the end.)"""
        self.k.value(f"%classpath {JAR}")
        padding = "".join(f"padding += {i};\n" for i in range(3000))
        msg_id = self.k.send("{\nlong padding = 0;\n" + padding + "new backprop.course.WelchLabsNetwork().train("
                             "backprop.course.WelchLabsNetwork.X(), backprop.course.WelchLabsNetwork.y(), 1.0, "
                             "10_000_000, (i, n, c) -> {});\n}")
        self.k.wait_until_busy(msg_id)
        started = time.monotonic()
        self.k.km.interrupt_kernel()
        reply, outputs = self.k.collect(msg_id, timeout=60)
        self.assertEqual((reply["status"], reply.get("ename")), ("error", "Interrupted"))
        self.assertLess(time.monotonic() - started, 10)
        self.assertKeptSurvives()

    def test_interrupting_endless_printing_stops_it(self):
        self.assertInterrupts('String line = "x".repeat(99);\nwhile (true) System.out.println(line);')
        self.assertIdle()
        # the rest of a line the interrupt cut short stays with the interrupted cell
        reply, outputs = self.k.run('System.out.println("mine");')
        self.assertEqual(KernelSession.stream(outputs), "mine\n")

    def test_interrupting_a_busy_loop_leaves_the_kernel_idle(self):
        self.assertInterrupts("long spins = 0;\nwhile (true) { spins++; }")
        self.assertIdle()

    def test_a_value_whose_toString_never_returns_is_interrupted(self):
        self.k.value("class Endless { public String toString() { while (true) { } } }")
        self.assertInterrupts("new Endless()")
        self.assertIdle()
        self.assertEqual(self.k.value("1 + 1"), "2")

    def test_a_value_shown_by_display_whose_toString_never_returns_is_interrupted(self):
        self.k.value("class Forever { public String toString() { long n = 0; while (true) { n++; } } }")
        self.assertInterrupts("display(new Forever());")
        self.assertIdle()
        self.assertEqual(self.k.value("2 + 2"), "4")

    def test_a_toString_that_throws_names_the_class(self):
        self.k.value("class Broken { public String toString() { return \"broken \" + (1 / 0); } }")
        self.assertFails("new Broken()", "ArithmeticException", "/ by zero", "a Broken", "toString()",
                         "at Broken.toString (a class defined in a cell)")
        self.assertEqual(self.k.value("3 + 3"), "6")

    def test_a_toString_that_calls_itself_says_so(self):
        self.k.value("class Mirror { public String toString() { return \"I am \" + this; } }")
        self.assertFails("new Mirror()", "StackOverflowError", "calls went too deep", "a Mirror", "toString()",
                         "at Mirror.toString (a class defined in a cell)", "times in a row")

    def test_a_failing_static_initialiser_is_named_both_times(self):
        self.k.value("class Bad { static int x = 1 / 0; }")
        self.assertFails("Bad.x", "ExceptionInInitializerError", "/ by zero in the static initialiser of Bad")
        text = self.assertFails("Bad.x", "NoClassDefFoundError", "Could not initialize class Bad:",
                                "run the cell that defines Bad again")
        self.assertNotIn("$", text.splitlines()[0])

    def assertIdle(self):
        time.sleep(0.5)
        before = self.cpu_seconds()
        time.sleep(2)
        used = self.cpu_seconds() - before
        self.assertLess(used, 0.5, f"the kernel used {used:.2f} s of CPU in 2 s after the interrupt: the loop goes on")

    def test_a_message_with_a_wrong_signature_is_ignored(self):
        from jupyter_client.session import Session
        forged = Session(key=b"not-the-kernel-key", username="mallory")
        msg = forged.msg("execute_request", content={"code": "kept = 0;", "silent": False, "store_history": True,
                                                     "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        forged.send(self.k.kc.shell_channel.socket, msg)
        time.sleep(1)
        self.assertKeptSurvives()   # not executed, and the kernel still answers

    def test_sockets_bind_only_to_the_connection_files_address(self):
        info = self.k.km.get_connection_info()
        self.assertEqual(info["ip"], "127.0.0.1")
        ports = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        listening = {}
        for line in open("/proc/net/tcp").read().splitlines()[1:] + open("/proc/net/tcp6").read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.rsplit(":", 1)
            if state == "0A" and int(port, 16) in ports:
                listening.setdefault(int(port, 16), set()).add(address)
        self.assertEqual(set(listening), ports, "every port of the connection file is listened on")
        for port, addresses in listening.items():
            # 127.0.0.1, as IPv4 or as the IPv4-mapped IPv6 address Java binds
            self.assertTrue(addresses <= {"0100007F", "0000000000000000FFFF00000100007F"},
                            f"port {port} listens on {addresses}, not only 127.0.0.1")


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

    def test_shutdown_while_a_cell_runs_ends_the_process(self):
        k = KernelSession(self.major)
        k.send("Thread.sleep(100_000);")
        time.sleep(1.5)
        started = time.monotonic()
        k.km.shutdown_kernel(now=False)
        self.assertFalse(k.km.is_alive())
        self.assertLess(time.monotonic() - started, 5, "shut down without being killed after the grace period")
        k.kc.stop_channels()

    def test_shutdown_ends_the_process(self):
        k = KernelSession(self.major)
        k.km.shutdown_kernel(now=False)
        self.assertFalse(k.km.is_alive())
        k.kc.stop_channels()


per_jdk(globals(), KernelBehaviour, LearnerCannotBreakIt, RestartAndShutdown)

if __name__ == "__main__":
    unittest.main()
