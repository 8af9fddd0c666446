package backprop.kernel;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors as a learner reads them, from real JShell failures (JShell's local engine, in this JVM). */
class LearnerErrorsTest {

    private static JShell shell;

    @BeforeAll
    static void startJShell() {
        shell = JShell.builder().executionEngine("local").build();
    }

    @AfterAll
    static void closeJShell() {
        shell.close();
    }

    /** The last event of evaluating one snippet, the snippet recorded as cell {@code cell}'s, from {@code firstLine}. */
    private static SnippetEvent eval(LearnerErrors errors, String source, int cell, int firstLine) {
        List<SnippetEvent> events = shell.eval(source);
        SnippetEvent last = events.get(events.size() - 1);
        errors.snippetFrom(last.snippet().id(), cell, firstLine);
        return last;
    }

    @Test
    void aCompilationErrorNamesTheCellLineAndPointsAtThePlace() {
        LearnerErrors errors = new LearnerErrors();
        String source = "String s =\n    5;";
        SnippetEvent event = eval(errors, source, 4, 2);
        assertEquals(Snippet.Status.REJECTED, event.status());

        CellError error = errors.compileError(source, 2, shell.diagnostics(event.snippet()).toList());

        assertEquals("CompilationError", error.name);
        assertTrue(error.getMessage().contains("incompatible types"), error.getMessage());
        // the 5 is on the snippet's second line, which is the cell's line 2 + 2 = 4 (counting from 1)
        assertEquals(List.of(
                "Compilation error, line 4 of the cell: " + error.getMessage(),
                "        5;",
                "        ^"), error.traceback);
    }

    @Test
    void usesOfAMethodThatDidNotCompileAreOneSentenceAndAnotherMistakeStillShows() {
        LearnerErrors errors = new LearnerErrors();
        errors.definitionFailed("costJ", 21);
        String source = "double[] costs = {\n"
                + "    costJ(new double[] {1}, new double[] {2}),\n"
                + "    costJ(new double[] {3}, new double[] {4}),\n"
                + "    \"three\" };";
        SnippetEvent event = eval(errors, source, 22, 0);
        assertEquals(Snippet.Status.REJECTED, event.status());

        CellError error = errors.compileError(source, 0, shell.diagnostics(event.snippet()).toList());

        assertEquals("costJ did not compile when cell [21] last ran: fix that cell and run it again, then this one.",
                error.getMessage());
        assertEquals(error.getMessage(), error.traceback.get(0));
        assertFalse(String.join("\n", error.traceback).contains("cannot find symbol"), String.join("\n", error.traceback));
        assertTrue(error.traceback.get(1).startsWith("Compilation error, line 4 of the cell: incompatible types"),
                String.join("\n", error.traceback));

        CellError alone = errors.compileError("costJ(null, null)", 0, shell.diagnostics(
                eval(errors, "costJ(null, null)", 23, 0).snippet()).toList());
        assertEquals(List.of(alone.getMessage()), alone.traceback, "the sentence, and not the compiler's list again");
    }

    @Test
    void aMisspeltReturnIsOneMessageThatNamesTheWordMeantAndOnlyCountsWhatFollowsFromIt() {
        LearnerErrors errors = new LearnerErrors();
        String source = "double costJ(double[] y) {\n    double J = 0;\n    retrun J;\n}";
        SnippetEvent event = eval(errors, source, 21, 0);
        List<jdk.jshell.Diag> diags = shell.diagnostics(event.snippet()).toList();
        assertTrue(diags.size() >= 3, "javac's own list: the unknown type, J defined again, no return: " + diags.size());

        CellError error = errors.compileError(source, 0, diags);

        assertEquals("retrun is not a word Java knows: did you mean return?", error.getMessage());
        String said = String.join("\n", error.traceback);
        assertEquals(1, error.traceback.stream().filter(line -> line.startsWith("Compilation error")).count(), said);
        assertTrue(error.traceback.get(1).startsWith("Compilation error, line 3 of the cell: cannot find symbol"), said);
        assertEquals("        ^", error.traceback.get(3), "the caret under retrun");
        assertEquals("(and " + (diags.size() - 1) + " more compiler messages, which may follow from this one: fix it and run the cell again)",
                error.traceback.get(error.traceback.size() - 1));
        assertFalse(said.contains("already defined") || said.contains("missing return"), said);
    }

    @Test
    void aWordOfJavaIsMeantOnlyOneTypoAway() {
        assertEquals("return", LearnerErrors.javaWordMeant("retrun"));
        assertEquals("double", LearnerErrors.javaWordMeant("doble"));
        assertEquals("String", LearnerErrors.javaWordMeant("Strnig"));
        assertEquals("void", LearnerErrors.javaWordMeant("viod"));
        assertEquals(null, LearnerErrors.javaWordMeant("costJ"));
        assertEquals(null, LearnerErrors.javaWordMeant("retrn2x"), "two typos away");
        assertEquals(null, LearnerErrors.javaWordMeant("return"), "the word itself is no typo");
    }

    @Test
    void endlessRecursionIsSaidInPlainWordsWithTheRepeatedCallShownOnce() {
        LearnerErrors errors = new LearnerErrors();
        eval(errors, "int down(int n) {\n    return down(n + 1);\n}", 3, 0);
        SnippetEvent call = eval(errors, "down(1)", 4, 0);

        CellError error = errors.runtimeError(call.exception(), List.of());

        assertEquals("StackOverflowError", error.name);
        assertEquals("the calls went too deep: does a method call itself without ever stopping?", error.getMessage());
        assertEquals("java.lang.StackOverflowError: " + error.getMessage(), error.traceback.get(0));
        String frame = error.traceback.get(1);
        assertTrue(frame.startsWith("    at down (cell [3], line 2)   (the same call "), frame);
        assertTrue(frame.endsWith(" times in a row)"), frame);
        assertTrue(error.traceback.size() <= 2 + LearnerErrors.MAX_FRAMES, error.traceback.toString());
        assertFalse(String.join("\n", error.traceback).contains("jdk.jshell"), error.traceback.toString());
    }

    @Test
    void threadsRefusedByTheMachineAreSaidAsThreadsNotAsTheHeap() {
        LearnerErrors errors = new LearnerErrors();
        // what the JVM throws when the process may start no more threads (RLIMIT_NPROC, a cgroup's pids.max)
        SnippetEvent event = eval(errors, "throw new OutOfMemoryError(\"unable to create native thread: possibly out of "
                + "memory or process/resource limits reached\");", 1, 0);

        CellError error = errors.runtimeError(event.exception(), List.of());

        assertEquals("OutOfMemoryError", error.name);
        assertTrue(error.getMessage().startsWith("the cell started more threads than may run at once"), error.getMessage());
        assertFalse(error.getMessage().contains("MB"), "not the heap's size: " + error.getMessage());
        SnippetEvent heap = eval(errors, "throw new OutOfMemoryError(\"Java heap space\");", 2, 0);
        assertTrue(errors.runtimeError(heap.exception(), List.of()).getMessage().contains("needed more memory than the kernel has"));
    }

    @Test
    void aCauseIsShownUnderItsExceptionWithTheCellLine() {
        LearnerErrors errors = new LearnerErrors();
        // the snippet starts on the cell's line 5 (0-based): its line 1 is the cell's line 6
        SnippetEvent event = eval(errors, "throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"));", 7, 5);

        CellError error = errors.runtimeError(event.exception(), List.of());

        assertEquals("RuntimeException", error.name);
        assertEquals("outer", error.getMessage());
        assertEquals("java.lang.RuntimeException: outer", error.traceback.get(0));
        assertEquals("    at the cell (cell [7], line 6)", error.traceback.get(1));
        assertTrue(error.traceback.contains("Caused by: java.lang.IllegalStateException: inner"), error.traceback.toString());
    }

    @Test
    void aMethodUsingSomethingNotDefinedYetSaysWhat() {
        LearnerErrors errors = new LearnerErrors();
        eval(errors, "void greet() { System.out.println(name()); }", 1, 0);
        SnippetEvent call = eval(errors, "greet()", 2, 0);
        UnresolvedReferenceException unresolved = (UnresolvedReferenceException) call.exception();

        CellError error = errors.runtimeError(unresolved,
                shell.unresolvedDependencies(unresolved.getSnippet()).toList());

        assertEquals("UnresolvedReference", error.name);
        assertTrue(error.getMessage().endsWith("uses something not defined yet: method name()"), error.getMessage());
    }

    @Test
    void aLongTraceIsCutAfterTwelveFrames() {
        StackTraceElement[] stack = IntStream.range(0, 20)
                .mapToObj(i -> new StackTraceElement("lib.Deep", "level" + i, "Deep.java", i + 1))
                .toArray(StackTraceElement[]::new);

        List<String> frames = new LearnerErrors().frames(stack);

        assertEquals(LearnerErrors.MAX_FRAMES + 1, frames.size());
        assertEquals("    at lib.Deep.level0(Deep.java:1)", frames.get(0));
        assertEquals("    ... 8 more frames", frames.get(LearnerErrors.MAX_FRAMES));
    }

    @Test
    void twoMethodsCallingEachOtherWithoutEndAreShownOnce() {
        StackTraceElement mine = new StackTraceElement("REPL.$JShell$16$Mirror", "toString", "$JShell$16.java", 5);
        StackTraceElement jdk = new StackTraceElement("java.lang.String", "valueOf", "String.java", 4220);
        StackTraceElement[] stack = IntStream.range(0, 20).mapToObj(i -> i % 2 == 0 ? mine : jdk)
                .toArray(StackTraceElement[]::new);

        assertEquals(List.of(
                "    at Mirror.toString (a class defined in a cell)",
                "    at java.lang.String.valueOf(String.java:4220)",
                "    (these 2 calls 10 times in a row)"), new LearnerErrors().frames(stack));
    }

    @Test
    void aStaticInitialisersClassIsNamedAsTheLearnerWroteIt() {
        assertEquals("Bad", LearnerErrors.simpleClassName("REPL.$JShell$13$Bad"));
        assertEquals("Could not initialize class Bad", LearnerErrors.withoutWrapperNames("Could not initialize class REPL.$JShell$13$Bad"));
    }

    @Test
    void jshellsWrapperNamesAreLeftOut() {
        assertEquals("Cannot read field \"o\" because \"o\" is null",
                LearnerErrors.withoutWrapperNames("Cannot read field \"o\" because \"REPL.$JShell$23.o\" is null"));
        assertEquals("", LearnerErrors.withoutWrapperNames(null));
    }

    @Test
    void jdk25sJShellFailingToFindAClassItMustMergeSaysWhatToWriteInstead() {
        // what JDK 25's class-file library throws from JShell's LocalExecutionControl.load (JDK-8366926): the simple name
        CellError error = LearnerErrors.kernelError(new IllegalArgumentException("Could not resolve class SoftmaxRegression"));
        assertEquals("UnloadableCell", error.name);
        assertTrue(error.getMessage().contains("cannot see SoftmaxRegression, which %classpath"), error.getMessage());
        assertTrue(error.getMessage().contains("(SoftmaxClassifier) new SoftmaxRegression(64, 10)"), error.getMessage());
    }

    @Test
    void aFailureOfTheKernelItselfSaysTheKernelIsStillRunning() {
        CellError error = LearnerErrors.kernelError(new IllegalStateException("renderer broke"));
        assertEquals("IllegalStateException", error.name);
        assertEquals(List.of("java.lang.IllegalStateException: renderer broke",
                "(raised by the kernel while running the cell; the kernel is still running)"), error.traceback);
    }
}
