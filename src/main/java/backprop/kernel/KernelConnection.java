package backprop.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CountDownLatch;

/**
 * jjava-jupyter's connection with the shell and control sockets replaced by {@link ShellSocket}s
 * (heartbeat, stdin and iopub are jjava's own).
 */
final class KernelConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ShellSocket shellSocket;
    private final ShellSocket controlSocket;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean connected;

    KernelConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        // jjava's own shell and control channels were made by super(); they are never bound
        super.shell.close();
        super.control.close();
        ZMQ.Context context = ZMQ.context(1);
        this.shellSocket = new ShellSocket(context, props.createHMACGenerator(), false, this);
        this.controlSocket = new ShellSocket(context, props.createHMACGenerator(), true, this);
    }

    @Override
    public void connect() {
        if (connected) return;
        heartbeat.bind(props);
        shellSocket.bind(props);
        controlSocket.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    @Override
    public void close() {
        shellSocket.close();
        controlSocket.close();
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
