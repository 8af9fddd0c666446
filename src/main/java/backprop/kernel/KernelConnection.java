package backprop.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CountDownLatch;

/**
 * jjava-jupyter's connection with the shell and control sockets replaced by {@link ShellSocket}s,
 * the iopub socket by an {@link IOPubSocket} and the heartbeat by a {@link HeartbeatSocket} (stdin is jjava's own).
 */
final class KernelConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ShellSocket shellSocket;
    private final ShellSocket controlSocket;
    private final IOPubSocket iopubSocket;
    private final HeartbeatSocket heartbeatSocket;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean connected;

    KernelConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        // jjava's own heartbeat, shell, control and iopub channels were made by super(); they are never bound
        super.heartbeat.close();
        super.shell.close();
        super.control.close();
        super.iopub.close();
        ZMQ.Context context = ZMQ.context(1);
        this.shellSocket = new ShellSocket(context, props.createHMACGenerator(), false, this);
        this.controlSocket = new ShellSocket(context, props.createHMACGenerator(), true, this);
        this.iopubSocket = new IOPubSocket(context, props.createHMACGenerator());
        this.heartbeatSocket = new HeartbeatSocket(context, props.createHMACGenerator());
    }

    /** Where the kernel publishes: this, not jjava's {@code getIOPub()}, whose socket is closed. */
    JupyterSocket iopub() {
        return iopubSocket;
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        return new ShellReplyEnvironment(shell, stdin, iopubSocket, context) {};
    }

    @Override
    public void connect() {
        if (connected) return;
        heartbeatSocket.bind(props);
        shellSocket.bind(props);
        controlSocket.bind(props);
        stdin.bind(props);
        iopubSocket.bind(props);
        iopubSocket.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    @Override
    public void close() {
        heartbeatSocket.close();
        shellSocket.close();
        controlSocket.close();
        iopubSocket.close();
        super.close();
        closed.countDown();
    }

    /** Returns once the connection is closed (on a shutdown request), even while a cell still runs. */
    @Override
    public void waitUntilClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
