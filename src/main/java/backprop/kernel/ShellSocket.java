package backprop.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

/**
 * The shell and control sockets, served by a thread that blocks on the socket until a request
 * comes. jjava-jupyter's own loop polls and then sleeps 50 ms, which adds up to 50 ms to every
 * request; and a message with a wrong signature ends its thread, so the kernel stops answering.
 * Here such a message is dropped and logged on the kernel's stderr (the Jupyter server's log),
 * never handled, and the socket goes on serving.
 */
final class ShellSocket extends ShellChannel {

    private static final int POLL_MS = 200;

    private final String role;
    private final JupyterConnection connection;
    private volatile boolean serving;
    private Thread loop;

    ShellSocket(ZMQ.Context context, HMACGenerator hmac, boolean isControl, JupyterConnection connection) {
        super(context, hmac, isControl, connection);
        this.role = isControl ? "control" : "shell";
        this.connection = connection;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        int port = role.equals("control") ? props.getControlPort() : props.getShellPort();
        // only the address the connection file names
        super.bind(formatAddress(props.getTransport(), props.getIp(), port));
        serving = true;
        loop = new Thread(this::serve, "jupyter-" + role);
        loop.setDaemon(true);
        loop.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            serveWith(poller);
        } finally {
            closeSocket(); // the socket is closed by the thread that uses it (ZeroMQ sockets are not thread-safe)
        }
    }

    private void serveWith(ZMQ.Poller poller) {
        while (serving) {
            int ready;
            try {
                ready = poller.poll(POLL_MS);
            } catch (RuntimeException e) { // the context is ending
                return;
            }
            if (ready <= 0) continue;
            Message<?> message;
            try {
                message = readMessage();
            } catch (SecurityException e) {
                System.err.println("kernel: ignored a message on the " + role + " socket: " + e.getMessage());
                continue;
            } catch (RuntimeException e) {
                if (!serving) break;
                System.err.println("kernel: ignored an unreadable message on the " + role + " socket: " + e);
                continue;
            }
            if (message == null) continue;
            handle(message);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            System.err.println("kernel: no handler for " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Exception e) {
            System.err.println("kernel: " + message.getHeader().getType().getName() + " failed: " + e);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            serving = false;
            connection.close();
        }
    }

    /** Stops serving; the serving thread closes the socket (at once when it is the caller). */
    @Override
    public void close() {
        serving = false;
        SocketThread.awaitEnd(loop, this::closeSocket);
    }

    private synchronized void closeSocket() {
        if (!closed) super.close();
    }

    @Override
    public void waitUntilClose() {
        SocketThread.join(loop);
    }
}
