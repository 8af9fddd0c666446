package backprop.kernel;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a cell's code in the kernel's own JVM (JShell's "local" engine: 20-60 ms a cell, and the
 * renderer gets the live object, an image say, rather than its toString).
 *
 * <p>What it adds to JShell's {@link LocalExecutionControl}:
 * <ul>
 *   <li>{@link #load} guards the cell's calls to System.exit ({@link ExitGuard});</li>
 *   <li>{@link #invoke(Method)} keeps each snippet's value under a key and hands JShell the key, as
 *   JJava does: JShell would turn the value into text with its {@code toString} on the kernel's
 *   shell thread, where no interrupt reaches (a {@code toString} that never returns froze the
 *   kernel). {@link #takeValue} gives the value to the kernel;</li>
 *   <li>{@link #runStoppable} runs what shows a value (its {@code toString}, a renderer, an image
 *   encoder) on a thread that {@link #stop} stops like the cell's own;</li>
 *   <li>{@link #stop} first interrupts the cell's threads, so {@code Thread.sleep} and the course
 *   library's long loops (which check for interruption) stop on every JDK; JShell's own stop then
 *   does the rest (Thread.stop on JDK 17, stop checks compiled into the cell's code on newer JDKs).
 *   A stop that comes while JShell still compiles the snippet (no thread of the cell's runs yet to be
 *   stopped; on a busy machine that takes a second) is kept until the cell ends, and the snippet is not
 *   run at all.</li>
 * </ul>
 */
final class CellExecutionControl extends LocalExecutionControl {

    /** The name JShell gives the thread group its local engine runs cells in (JDK 17 to 25). */
    private static final String EXECUTION_THREAD_GROUP = "JShell process local execution";
    /** Where JShell (JDK 22+) keeps the flag its stop checks read; absent on older JDKs. */
    private static final String STOP_FLAG_CLASS = "REPL.$Cancel$";
    private static final String KEY_PREFIX = "#value-";
    private static final Method RUN_SNIPPET;

    static {
        try {
            RUN_SNIPPET = CellExecutionControl.class.getDeclaredMethod("runSnippet");
            RUN_SNIPPET.setAccessible(true);   // JShell's engine calls it
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The snippet method {@link #runSnippet} runs next (set just before JShell's engine calls it). */
    private static volatile Method pending;
    /** Snippet values by key, until the kernel takes them. */
    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();
    /** Kept in place of a null value (a ConcurrentHashMap holds no nulls). */
    private static final Object NULL = new Object();

    /** Raised by {@link #stop}, lowered as each cell starts ({@link #cellStarts}): the cell was stopped. */
    private static volatile boolean stopped;

    /** The thread showing a value, while {@link #runStoppable} runs. */
    private volatile Thread showing;
    /** JShell's stop flag, REPL.$Cancel$.allStop (JDK 22+), once found. */
    private volatile Field stopFlag;

    /** Loads a cell's classes with their System.exit calls guarded ({@link ExitGuard}). */
    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] guarded = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            guarded[i] = new ClassBytecodes(classes[i].name(), ExitGuard.guard(classes[i].bytecodes()));
        }
        super.load(guarded);
    }

    /** JShell's engine runs {@link #runSnippet} (on its own thread, stoppable) instead of the snippet. */
    @Override
    protected String invoke(Method snippet) throws Exception {
        pending = snippet;
        return super.invoke(RUN_SNIPPET);
    }

    /**
     * A new cell (or a widget's redraw) starts: a stop of the one before no longer counts. Static, as
     * the flag is: a cell can begin before JShell has made its engine.
     */
    static void cellStarts() {
        stopped = false;
    }

    /**
     * Runs the pending snippet; keeps its value and returns the key, which JShell takes as the value's text.
     * Runs nothing when the cell was stopped already, while JShell compiled it.
     */
    private static String runSnippet() throws Throwable {
        if (stopped) {
            throw new InterruptedException("stopped before the snippet ran");
        }
        try {
            Object value = pending.invoke(null);
            String key = KEY_PREFIX + KEYS.incrementAndGet();
            VALUES.put(key, value == null ? NULL : value);
            return key;
        } catch (InvocationTargetException e) {
            throw e.getCause();   // the cell's own exception, as JShell would have seen it
        }
    }

    /**
     * The value a snippet's event names ({@code SnippetEvent.value()}, the key quoted as JShell
     * quotes a string), or null; every other kept value is let go.
     */
    Object takeValue(String eventValue) {
        String key = eventValue == null ? "" : eventValue.replace("\"", "");
        Object value = key.startsWith(KEY_PREFIX) ? VALUES.get(key) : null;
        VALUES.clear();
        return value == NULL ? null : value;
    }

    /**
     * Runs the task on a thread that {@link #stop} stops, and returns its result.
     *
     * @throws ThreadDeath when it was stopped
     * @throws Exception   what the task threw
     */
    @SuppressWarnings("removal")
    <T> T runStoppable(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(new ThreadGroup(EXECUTION_THREAD_GROUP), () -> {
            try {
                result.set(task.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "cell-result");
        thread.setDaemon(true);
        stopFlag(false);   // JShell lowers it only when it runs a snippet: a stopped redraw must not stop the next
        showing = thread;
        try {
            thread.start();
            thread.join();
        } finally {
            showing = null;
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) throw e;
        if (t instanceof Error e) throw e;
        return result.get();
    }

    @Override
    @SuppressWarnings({"removal", "deprecation"})
    public void stop() throws EngineTerminationException, InternalException {
        stopped = true;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            ThreadGroup group = thread.getThreadGroup();
            if (group != null && EXECUTION_THREAD_GROUP.equals(group.getName())) {
                thread.interrupt();
            }
        }
        super.stop();
        Thread thread = showing;
        if (thread != null) {
            stopFlag(true);
            try {
                thread.stop();   // JDK 17 to 19; newer JDKs rely on the stop flag
            } catch (UnsupportedOperationException newerJdk) {
                // the stop checks compiled into the cell's classes end their loops
            }
        }
    }

    /**
     * Raises or lowers the flag that the stop checks JShell compiles into a cell's classes read (JDK
     * 22+; JShell makes it when it runs its first snippet). Looked up once: runStoppable lowers it
     * for every value a cell shows.
     */
    private void stopFlag(boolean stop) {
        if (Runtime.version().feature() < 22) return;   // Thread.stop does the work
        try {
            if (stopFlag == null) stopFlag = findClass(STOP_FLAG_CLASS).getDeclaredField("allStop");
            stopFlag.set(null, stop);
        } catch (ReflectiveOperationException | RuntimeException notYet) {
            // no snippet has run yet: there is nothing to stop or to lower
        }
    }

    /** Hands JShell this execution control and keeps a reference for the kernel. */
    static final class Provider implements ExecutionControlProvider {
        private CellExecutionControl control;

        @Override
        public String name() {
            return "course-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new CellExecutionControl();
            return control;
        }

        CellExecutionControl control() {
            return control;
        }
    }
}
