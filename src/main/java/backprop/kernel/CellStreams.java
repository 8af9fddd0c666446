package backprop.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A cell's System.out, System.err and System.in while it runs: its printing reaches the notebook
 * at least every 100 ms (the "cell-output-flusher" thread), under that cell, and ends with it.
 */
final class CellStreams {

    /** The kernel's stdout, stderr, stdin and displays, attached to the request being run. */
    static final class CellIO extends JupyterIO {
        CellIO() {
            super(StandardCharsets.UTF_8);
        }

        void attach(ShellReplyEnvironment env, boolean stdinAllowed) {
            setEnv(env);
            setJupyterInEnabled(stdinAllowed);
        }

        void detach(ShellReplyEnvironment env) {
            retractEnv(env);
        }
    }

    /** System.in when the frontend cannot answer input requests (nbconvert, nbclient, a grader). */
    private static final InputStream NO_INPUT = new InputStream() {
        @Override
        public int read() {
            throw new IllegalStateException("this cell reads from System.in, but whatever runs the notebook now cannot "
                    + "take typed input (in Jupyter Notebook it can). Put the value in the code instead.");
        }
    };

    private final CellIO io;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cell-output-flusher");
        t.setDaemon(true);
        return t;
    });
    /** The running cell's System.out and System.err: set by the shell thread, flushed by the flusher too. */
    private volatile PrintStream cellOut;
    private volatile PrintStream cellErr;

    CellStreams(CellIO io) {
        this.io = io;
    }

    /**
     * System.out/err/in go to the cell of {@code env} until {@code env}'s deferred actions run
     * (when its reply is sent).
     */
    void attach(ShellReplyEnvironment env, boolean stdinAllowed) {
        // deferred actions run last in, first out: the streams below are flushed and put back
        // before the IO lets go of the cell
        io.attach(env, stdinAllowed);
        env.defer(() -> io.detach(env));
        PrintStream oldOut = System.out, oldErr = System.err;
        InputStream oldIn = System.in;
        // new streams for each cell: a cell stopped in the middle of a println (Thread.stop, JDK 17)
        // leaves the rest of that line inside its PrintStream, and it must not show up in the next cell
        cellOut = cellStream(io.out);
        cellErr = cellStream(io.err);
        System.setOut(cellOut);
        System.setErr(cellErr);
        System.setIn(stdinAllowed ? io.in : NO_INPUT);
        ScheduledFuture<?> ticking = flusher.scheduleWithFixedDelay(this::flush, 100, 100, TimeUnit.MILLISECONDS);
        env.defer(() -> {
            ticking.cancel(false);
            flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        });
    }

    /** Sends what the cell printed so far: errors first, as a terminal shows them. */
    void flush() {
        cellErr.flush();
        cellOut.flush();
    }

    private static PrintStream cellStream(OutputStream notebook) {
        return new PrintStream(new CellOutputStream(notebook), false, StandardCharsets.UTF_8);
    }
}
