package backprop.kernel;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Runs a cell's code in the kernel's own JVM (JShell's "local" engine: 20-60 ms a cell, and the
 * renderer gets the live object, an image say, rather than its toString).
 *
 * <p>Three additions to JShell's {@link LocalExecutionControl}:
 * <ul>
 *   <li>{@link #load} guards the cell's calls to System.exit ({@link ExitGuard});</li>
 *   <li>{@link #varValue} also keeps the variable's live object, so the kernel can render it;</li>
 *   <li>{@link #stop} first interrupts the cell's thread, so {@code Thread.sleep} and the course
 *   library's long loops (which check for interruption) stop on every JDK; JShell's own stop then
 *   does the rest (Thread.stop on JDK 17, stop checks compiled into the cell's code on newer JDKs).</li>
 * </ul>
 */
final class CellExecutionControl extends LocalExecutionControl {

    /** The name JShell gives the thread group its local engine runs cells in (JDK 17 to 25). */
    private static final String EXECUTION_THREAD_GROUP = "JShell process local execution";

    private Object lastValue;

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

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            lastValue = field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            lastValue = null;
        }
        return super.varValue(className, varName);
    }

    /** The live object behind the last {@link #varValue} call. */
    Object lastValue() {
        return lastValue;
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            ThreadGroup group = thread.getThreadGroup();
            if (group != null && EXECUTION_THREAD_GROUP.equals(group.getName())) {
                thread.interrupt();
            }
        }
        super.stop();
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
