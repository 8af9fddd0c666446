package backprop.kernel;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The heartbeat socket: every ping echoed at once by its own thread, which alone touches the socket
 * and closes it. jjava-jupyter's heartbeat is closed by the thread that shuts the kernel down while
 * its own thread may still be polling it (ZeroMQ sockets are not thread-safe), which now and then
 * ended a kernel's life with JeroMQ's exceptions in the Jupyter server's log.
 */
final class HeartbeatSocket extends JupyterSocket {

    private static final int POLL_MS = 200;

    private volatile boolean serving;
    private Thread loop;

    HeartbeatSocket(ZMQ.Context context, HMACGenerator hmac) {
        super(context, SocketType.REP, hmac, LoggerFactory.getLogger("HeartbeatSocket"));
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        super.bind(formatAddress(props.getTransport(), props.getIp(), props.getHbPort()));
        serving = true;
        loop = new Thread(this::echo, "jupyter-heartbeat");
        loop.setDaemon(true);
        loop.start();
    }

    private void echo() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (serving) {
                if (poller.poll(POLL_MS) <= 0) continue;
                byte[] ping = recv(ZMQ.DONTWAIT);
                if (ping != null) send(ping);
            }
        } catch (RuntimeException e) { // the context is ending: nothing more to echo
        } finally {
            closeSocket();
        }
    }

    /** Stops echoing; the echoing thread closes the socket (at once when there is none). */
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
