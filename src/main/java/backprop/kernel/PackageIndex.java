package backprop.kernel;

import jdk.jshell.JShell;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * JShell's index of the packages and classes on the JDK and the classpath, which JShell builds in the
 * background as soon as it starts, and again after each {@code %classpath}. Of what the kernel asks
 * JShell, only one thing reads it: completing a package's name ({@code java.ut} Tab gives {@code util}).
 * Building it costs a kernel about 0.2 CPU seconds, a fifteenth of a small lesson's Run All, in every kernel,
 * and most kernels complete nothing (a Run All, a grading). So the kernel holds the index back when
 * JShell starts and lets it be built at the first completion, which waits for it.
 * <p>
 * JShell offers this only to its own tests ({@code SourceCodeAnalysisImpl.suspendIndexing} and the
 * like, the same on JDK 17 and 25, reached through the kernel's {@code --add-opens=jdk.jshell/jdk.jshell}).
 * Where they cannot be reached, JShell indexes as it always does.
 */
final class PackageIndex {

    /** How long the first completion waits for the index (it takes a few tenths of a second). */
    private static final long WAIT_SECONDS = 10;

    private final JShell shell;
    private final boolean heldBack;
    private boolean released;

    private PackageIndex(JShell shell, boolean heldBack) {
        this.shell = shell;
        this.heldBack = heldBack;
    }

    /** Holds JShell's indexing back until {@link #built} or {@link #release}. */
    static PackageIndex heldBack(JShell shell) {
        return new PackageIndex(shell, call(shell, "suspendIndexing"));
    }

    /**
     * Lets the index be built, and waits until it is up to date (a bounded time: without it, a package's name
     * does not complete): at the first completion, and at one right after a {@code %classpath}, whose classes
     * JShell indexes anew (without waiting, as JShell does, a package just added might not complete).
     */
    synchronized void built() {
        release();
        if (heldBack) {
            CompletableFuture<Boolean> indexed = CompletableFuture.supplyAsync(() -> call(shell, "waitBackgroundTaskFinished"));
            try {
                indexed.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                // completion goes on with what is indexed so far
            }
        }
    }

    /** Lets the index be built, without waiting; true the first time, when it was held back. */
    synchronized boolean release() {
        if (!heldBack || released) return false;
        released = true;
        return call(shell, "resumeIndexing");
    }

    private static boolean call(JShell shell, String name) {
        try {
            Object analysis = shell.sourceCodeAnalysis();
            Method method = analysis.getClass().getMethod(name);
            method.setAccessible(true);
            method.invoke(analysis);
            return true;
        } catch (ReflectiveOperationException | RuntimeException unreachable) {
            return false;
        }
    }
}
