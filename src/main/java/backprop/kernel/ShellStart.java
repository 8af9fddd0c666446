package backprop.kernel;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.spi.ExecutionControlProvider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * JShell, started on its own thread ("jshell-start") while the kernel connects to Jupyter; the
 * first request that needs it waits for it.
 */
final class ShellStart {

    /**
     * IJava's default imports (JShell's DEFAULT startup) and its display functions, one snippet a
     * line. The functions come from {@link NotebookBridge}, with IJava's signatures.
     */
    static final List<String> STARTUP = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.prefs.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "import static backprop.kernel.NotebookBridge.*;");

    /** JShell and its index of packages, held back until a completion needs it. */
    private record Started(JShell shell, PackageIndex index) { }

    private final CompletableFuture<Started> started;

    ShellStart(ExecutionControlProvider engine) {
        this.started = CompletableFuture.supplyAsync(() -> start(engine), task -> {
            Thread thread = new Thread(task, "jshell-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static Started start(ExecutionControlProvider engine) {
        JShell shell = JShell.builder()
                .executionEngine(engine, Map.of())
                .compilerOptions("-Xlint:none")
                .build();
        PackageIndex index = PackageIndex.heldBack(shell);
        for (String snippet : STARTUP) {
            for (SnippetEvent event : shell.eval(snippet)) {
                if (event.status() == Snippet.Status.REJECTED) {
                    throw new IllegalStateException("the kernel's start-up snippet was rejected: " + snippet);
                }
            }
        }
        // JShell's first run of a snippet loads and links what running one takes (~50 ms): do it
        // now, while the kernel connects, rather than in the learner's first cell; then forget it
        for (SnippetEvent event : shell.eval("0")) {
            shell.drop(event.snippet());
        }
        return new Started(shell, index);
    }

    /** JShell, once it has started (at once after the first cell). */
    JShell shell() {
        return whenStarted().shell();
    }

    /** JShell, with its index of packages built (the first completion waits for it): for completing names. */
    JShell shellWithIndex() {
        Started now = whenStarted();
        now.index().built();
        return now.shell();
    }

    private Started whenStarted() {
        try {
            return started.join();
        } catch (CompletionException e) {
            throw new CellError("KernelStartFailed", "JShell could not start: " + e.getCause()
                    + ". Restart the kernel; if this happens again, run environment/setup.");
        }
    }

    /** Closes JShell if it started; a kernel shut down while JShell is still starting has nothing to close. */
    void closeIfStarted() {
        if (started.isDone() && !started.isCompletedExceptionally()) {
            // an index held back would hold JShell's indexing thread, which every JShell of this JVM shares
            started.join().index().release();
            started.join().shell().close();
        }
    }
}
