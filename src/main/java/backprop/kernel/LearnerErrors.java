package backprop.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Errors as a learner reads them: where in the cell a compilation error is (line and caret), an
 * exception with the learner's own frames only ("f (cell [3], line 2)", not JShell's machinery),
 * endless recursion and a full memory said in plain words, JShell's wrapper names left out.
 */
final class LearnerErrors {

    /** At most this many frames of one exception are shown. */
    static final int MAX_FRAMES = 12;

    /** Where each snippet came from: its cell's number (0: not counted) and the cell line it starts on. */
    private final Map<String, int[]> snippetOrigins = new HashMap<>();
    /** Names whose last definition did not compile, and the cell it was in. */
    private final Map<String, Integer> failedDefinitions = new HashMap<>();
    private static final Pattern UNKNOWN_NAME = Pattern.compile(
            "cannot find symbol\\s+symbol:\\s+(?:method|variable|class)\\s+(\\w+)");
    /** A misspelt word at a statement's start ("retrun J;", "dobule x = 1;") is read as a type's name. */
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("cannot find symbol\\s+symbol:\\s+class\\s+(\\w+)");
    /**
     * The words of Java that start a statement or a declaration, four letters or more, for "did you mean":
     * a name that is one typo from one of them, and read as a type's, was meant as it.
     */
    private static final List<String> JAVA_WORDS = List.of("return", "double", "boolean", "void", "String", "float",
            "char", "long", "final", "static", "public", "private", "class", "record", "while", "break", "continue", "throw");

    /** The definition of {@code name} in cell {@code cellNumber} did not compile (and the earlier one is gone). */
    void definitionFailed(String name, int cellNumber) {
        failedDefinitions.put(name, cellNumber);
    }

    /** {@code name} is defined again. */
    void definitionWorked(String name) {
        failedDefinitions.remove(name);
    }

    /** Remembers that snippet {@code id} is cell {@code cellNumber}'s code from line {@code firstLine} (0-based) on. */
    void snippetFrom(String id, int cellNumber, int firstLine) {
        snippetOrigins.put(id, new int[] {cellNumber, firstLine});
    }

    /**
     * A snippet that did not compile: each error with its line of the cell and a caret under the place.
     *
     * @param source    the snippet's source as the learner typed it
     * @param firstLine the cell line (0-based) the snippet starts on
     * @param diags     JShell's diagnostics for the snippet
     */
    CellError compileError(String source, int firstLine, List<Diag> diags) {
        List<Diag> errors = diags.stream().filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            return new CellError("CompilationError", "JShell could not compile this code: " + source.strip());
        }
        List<String> traceback = new ArrayList<>();
        String summary = errors.get(0).getMessage(Locale.ENGLISH);
        Matcher unknown = UNKNOWN_NAME.matcher(summary);
        if (unknown.find()) {   // a name not defined: say which cell to run (or mend) first
            String name = unknown.group(1);
            Integer failed = failedDefinitions.get(name);
            String meant = UNKNOWN_TYPE.matcher(summary).find() ? javaWordMeant(name) : null;
            summary = failed != null
                    ? name + " did not compile when " + (failed > 0 ? "cell [" + failed + "]" : "its cell")
                      + " last ran: fix that cell and run it again, then this one."
                    : meant != null
                    ? name + " is not a word Java knows: did you mean " + meant + "?"
                    : name + " is not defined yet: run the cell that defines it first (or check the spelling).";
            traceback.add(summary);
            // one mistake, one message: every use of a definition that did not compile is that sentence's
            // consequence, and the compiler's "cannot find symbol" for each would bury it
            errors = errors.stream().filter(diag -> !usesAFailedDefinition(diag)).toList();
        }
        // one mistake, one message: the compiler's first error in full, as BlueJ shows it; those after it
        // (a misspelt "return" also makes "J is already defined" and "missing return statement") only counted
        int more = errors.size() - 1;
        errors = errors.subList(0, Math.min(1, errors.size()));
        String[] lines = source.split("\n", -1);
        for (Diag diag : errors) {
            int pos = (int) Math.max(0, Math.min(diag.getPosition(), source.length()));
            int lineIndex = CellText.countLines(source.substring(0, pos));
            int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
            traceback.add("Compilation error, line " + (firstLine + lineIndex + 1) + " of the cell: "
                    + diag.getMessage(Locale.ENGLISH).replaceAll("\\s*location: class\\s*$", ""));
            if (lineIndex < lines.length) {
                traceback.add("    " + lines[lineIndex]);
                traceback.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^");
            }
        }
        if (more > 0) {
            traceback.add("(and " + more + " more compiler message" + (more == 1 ? "" : "s")
                    + ", which may follow from this one: fix it and run the cell again)");
        }
        return new CellError("CompilationError", summary, traceback);
    }

    /** The word of {@link #JAVA_WORDS} one typo away from {@code name} (a letter wrong, missing or extra, or two swapped), or null. */
    static String javaWordMeant(String name) {
        return JAVA_WORDS.stream().filter(word -> oneTypoApart(name, word)).findFirst().orElse(null);
    }

    /** Whether a and b differ by exactly one edit: their optimal string alignment distance is 1. */
    private static boolean oneTypoApart(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                // a letter wrong (or the same), missing, or extra
                d[i][j] = Math.min(d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1),
                        Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                // two letters swapped
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()] == 1;
    }

    /** Whether the diagnostic is a "cannot find symbol" for a name whose last definition did not compile. */
    private boolean usesAFailedDefinition(Diag diag) {
        Matcher unknown = UNKNOWN_NAME.matcher(diag.getMessage(Locale.ENGLISH));
        return unknown.find() && failedDefinitions.containsKey(unknown.group(1));
    }

    /**
     * A snippet that threw, or used a name not defined yet.
     *
     * @param missing for an unresolved reference, what it needs that is not defined yet
     */
    CellError runtimeError(JShellException exception, List<String> missing) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            return new CellError("UnresolvedReference",
                    unresolved.getSnippet() + " uses something not defined yet: " + String.join(", ", missing));
        }
        EvalException eval = (EvalException) exception;
        String className = eval.getExceptionClassName();
        if (className.equals(ExitGuard.SystemExitCalled.class.getName())) {
            return new CellError("SystemExit", eval.getMessage());
        }
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        String message = withoutWrapperNames(eval.getMessage());
        if (className.equals("java.lang.ExceptionInInitializerError") && eval.getCause() != null) {
            message = staticInitialiserFailure(eval.getCause());
        } else if (className.equals("java.lang.NoClassDefFoundError") && message.startsWith("Could not initialize class ")) {
            String name = message.substring("Could not initialize class ".length());
            message = message + ": its static initialiser failed when it was first used. Fix it, run the cell that "
                    + "defines " + name + " again, then this one.";
        } else if (className.equals("java.lang.StackOverflowError")) {
            message = "the calls went too deep: does a method call itself without ever stopping?";
        } else if (className.equals("java.lang.OutOfMemoryError") && message.startsWith("unable to create native thread")) {
            // the kernel's process (with a classroom's bounds: the student's server as a whole) may run no more threads
            message = "the cell started more threads than may run at once (on a classroom's hub: your server's processes "
                    + "and threads together, at most the number your instructor set). Threads that still run stay: use "
                    + "Kernel → Restart.";
        } else if (className.equals("java.lang.OutOfMemoryError")) {
            message = message + ": the cell needed more memory than the kernel has (at most "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB). Memory that variables still refer to "
                    + "stays taken: set such variables to null, or use Kernel → Restart.";
        }
        List<String> traceback = new ArrayList<>();
        if (className.equals("java.lang.AssertionError") && !message.isEmpty()) {
            traceback.add(message);   // a failed check: its sentence is the feedback (and what caused it, if anything)
        } else {
            traceback.add(className + (message.isEmpty() ? "" : ": " + message));
            traceback.addAll(frames(eval.getStackTrace()));
        }
        for (Throwable cause = eval.getCause(); cause != null; cause = cause.getCause()) {
            String name = cause instanceof EvalException e ? e.getExceptionClassName() : cause.getClass().getName();
            traceback.add("Caused by: " + name
                    + (cause.getMessage() == null ? "" : ": " + withoutWrapperNames(cause.getMessage())));
            traceback.addAll(frames(cause.getStackTrace()));
        }
        return new CellError(simpleName, message, traceback);
    }

    /** "/ by zero in the static initialiser of Bad": what failed, and in which class's static initialiser. */
    private static String staticInitialiserFailure(Throwable cause) {
        String what = cause.getMessage() == null || cause.getMessage().isBlank()
                ? (cause instanceof EvalException e ? e.getExceptionClassName() : cause.getClass().getName())
                : withoutWrapperNames(cause.getMessage());
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (frame.getMethodName().equals("<clinit>")) {
                return what + " in the static initialiser of " + simpleClassName(frame.getClassName());
            }
        }
        return what + " in a static initialiser";
    }

    /**
     * Showing a cell's value failed: its {@code toString} (or what it calls) threw, or recursed
     * without end. Says so, naming the value's class.
     */
    CellError showError(Throwable t, Object value) {
        String shown = simpleClassName(value.getClass().getName());
        String className = t.getClass().getName();
        String message = t instanceof StackOverflowError
                ? "the calls went too deep while showing the cell's value, a " + shown
                  + ": does its toString() call itself without ever stopping?"
                : withoutWrapperNames(t.getMessage()) + (t.getMessage() == null ? "" : " ")
                  + "(while showing the cell's value, a " + shown + ", with its toString())";
        return new CellError(t.getClass().getSimpleName(), message, trace(t, message));
    }

    /**
     * A widget's function threw while it redrew after a control moved: said as a cell's error is,
     * with the cell lines of the learner's code (the widget library cuts its own frames off).
     */
    CellError callbackError(Throwable t) {
        if (t instanceof ThreadDeath) {
            return new CellError("Interrupted", "The redraw was interrupted. Move the control to draw again.");
        }
        String message = t instanceof StackOverflowError
                ? "the calls went too deep: does a method call itself without ever stopping?"
                : withoutWrapperNames(t.getMessage());
        return new CellError(t.getClass().getSimpleName(), message, trace(t, message));
    }

    /** "Class: message", the frames, then each cause with its frames. */
    private List<String> trace(Throwable t, String message) {
        List<String> traceback = new ArrayList<>();
        traceback.add(t.getClass().getName() + (message.isEmpty() ? "" : ": " + message));
        traceback.addAll(frames(t.getStackTrace()));
        for (Throwable cause = t.getCause(); cause != null; cause = cause.getCause()) {
            traceback.add("Caused by: " + cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + withoutWrapperNames(cause.getMessage())));
            traceback.addAll(frames(cause.getStackTrace()));
        }
        return traceback;
    }

    /** "REPL.$JShell$13$Bad" reads "Bad", "java.util.List" reads "List". */
    static String simpleClassName(String name) {
        String plain = withoutWrapperNames(name);
        return plain.substring(Math.max(plain.lastIndexOf('.'), plain.lastIndexOf('$')) + 1);
    }

    /** The cell was stopped by Kernel → Interrupt. */
    static CellError interrupted() {
        return new CellError("Interrupted", "The cell was interrupted. What earlier cells defined is still there.");
    }

    /** What the JDK's class-file library says when it cannot find a class it must know the superclass of. */
    static final String UNRESOLVED_HIERARCHY = "Could not resolve class ";

    /** A failure in the kernel itself while running the cell: said plainly, the kernel stays up. */
    static CellError kernelError(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        if (t instanceof IllegalArgumentException && message.startsWith(UNRESOLVED_HIERARCHY)) {
            // JDK-8366926, met on JDK 25 (not on 17): JShell's local execution rewrites each cell's class to make
            // it interruptible, and to redo the bytecode's stack maps it looks classes up among the JDK's own only
            return new CellError("UnloadableCell", "this JDK's JShell could not load the cell: where two values of different "
                    + "classes meet (the two sides of a ? :, say), it must find their common superclass, and it cannot see "
                    + message.substring(UNRESOLVED_HIERARCHY.length()) + ", which %classpath or an earlier cell added (a JDK bug, "
                    + "JDK-8366926). Give the two one declared type first: cast each to their interface, "
                    + "(SoftmaxClassifier) new SoftmaxRegression(64, 10), or return them from a method that declares it.");
        }
        return new CellError(t.getClass().getSimpleName(), message,
                List.of(t.getClass().getName() + ": " + message,
                        "(raised by the kernel while running the cell; the kernel is still running)"));
    }

    /**
     * The learner's frames only: cells (by cell number and line) and libraries, not JShell's
     * machinery; a frame repeated many times in a row (endless recursion) is shown once.
     */
    List<String> frames(StackTraceElement[] stack) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < stack.length) {
            String cls = stack[i].getClassName();
            if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                    || cls.startsWith("jdk.jshell") || cls.startsWith("java.lang.Thread")
                    || cls.startsWith("backprop.kernel.") || cls.startsWith("org.dflib.jjava.")) {   // the kernel's machinery
                break;
            }
            if (lines.size() == MAX_FRAMES) {
                lines.add("    ... " + (stack.length - i) + " more frames");
                break;
            }
            int repeats = 1;
            while (i + repeats < stack.length && stack[i + repeats].equals(stack[i])) repeats++;
            int[] cycle = repeats > 1 ? new int[] {1, repeats} : cycleAt(stack, i);
            if (cycle[0] > 1) {   // a method calling itself through others: f, g, f, g, ...
                for (int k = 0; k < cycle[0]; k++) lines.add("    at " + describe(stack[i + k]));
                lines.add("    (these " + cycle[0] + " calls " + cycle[1] + " times in a row)");
                i += cycle[0] * cycle[1];
                continue;
            }
            lines.add("    at " + describe(stack[i])
                    + (repeats > 1 ? "   (the same call " + repeats + " times in a row)" : ""));
            i += repeats;
        }
        return lines;
    }

    /** {period, repeats}: the shortest run of 2 to 4 frames at i that repeats at least 3 times, or {1, 1}. */
    private static int[] cycleAt(StackTraceElement[] stack, int i) {
        for (int period = 2; period <= 4; period++) {
            int repeats = 1;
            while (i + (repeats + 1) * period <= stack.length
                    && Arrays.equals(stack, i, i + period, stack, i + repeats * period, i + (repeats + 1) * period)) {
                repeats++;
            }
            if (repeats >= 3) return new int[] {period, repeats};
        }
        return new int[] {1, 1};
    }

    /** A frame as the learner reads it: "f (cell [3], line 2)" for code typed in a cell. */
    private String describe(StackTraceElement frame) {
        String file = frame.getFileName();
        if (frame.getClassName().startsWith("REPL.$JShell$") && (file == null || !file.startsWith("#"))) {
            // a frame JShell did not translate (a value's toString, shown by the kernel): the learner's class and method
            return simpleClassName(frame.getClassName()) + "." + frame.getMethodName() + " (a class defined in a cell)";
        }
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        String method = frame.getMethodName();
        String where = method.isEmpty() || method.startsWith("do_it$") || method.startsWith("lambda$do_it$")
                ? "the cell" : method;
        int[] origin = snippetOrigins.get(file.substring(1));
        if (origin == null || frame.getLineNumber() <= 0) {
            return where;
        }
        String cell = origin[0] > 0 ? "cell [" + origin[0] + "]" : "this cell";
        return where + " (" + cell + ", line " + (origin[1] + frame.getLineNumber()) + ")";
    }

    /**
     * JShell's wrapper class names mean nothing to a learner: "REPL.$JShell$23.o" reads "o", and
     * the class "REPL.$JShell$13$Bad" reads "Bad".
     */
    static String withoutWrapperNames(String message) {
        return message == null ? "" : message.replaceAll("REPL\\.\\$JShell\\$\\d+[A-Za-z]*[.$]", "");
    }
}
