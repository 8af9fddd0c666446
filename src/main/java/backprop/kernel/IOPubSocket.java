package backprop.kernel;

import com.google.gson.Gson;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The IOPub socket: an XPUB socket rather than jjava-jupyter's PUB, owned by one thread.
 *
 * <p>A client hears the kernel only once its subscription has reached the kernel's socket. With
 * PUB the kernel cannot tell when that is, so a client that starts the kernel and asks kernel_info
 * at once often misses the status messages of the reply, and asks again after 0.2 s
 * (jupyter_client) or keeps "nudging" (the Jupyter server). The XPUB socket receives each
 * subscription, and the kernel answers it with an {@code iopub_welcome} message (Jupyter protocol
 * 5.5, JEP 65): the new subscriber knows at once that it hears the kernel.
 *
 * <p>ZeroMQ sockets are not thread-safe, and the shell thread, the output flusher and cells all
 * publish. They put their messages in a lock-free queue (never touching the socket, so a cell
 * thread that is interrupted or stopped cannot break it), and this socket's thread sends them in
 * order.
 */
final class IOPubSocket extends JupyterSocket {

    /**
     * How often the thread looks for new subscribers while nothing is published (ms): often until
     * the first one comes (the client that started the kernel waits for its welcome), then ten
     * times a second, so that an idle kernel hardly ever wakes.
     */
    private static final long FIRST_SUBSCRIBER_CHECK_MS = 2;
    private static final long SUBSCRIBER_CHECK_MS = 100;
    /** A kernel nobody subscribes to within this time (ms) stops looking often. */
    private static final long FIRST_SUBSCRIBER_WAIT_MS = 5000;
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    /** At most this many messages (about 16 MB of printed text) wait for the socket. */
    private static final int MAX_WAITING = 256;

    /**
     * Messages waiting for the socket. Lock-free on purpose: on JDK 17 an interrupted cell's
     * thread is stopped (Thread.stop) wherever it is, even inside a queue's lock, and a lock left
     * held would hang the kernel. Bounded: a cell that prints faster than the socket sends waits
     * for room, so the kernel's memory stays bounded and an interrupt is not followed by seconds
     * of backlog.
     */
    private final Queue<Message<?>> outbox = new ConcurrentLinkedQueue<>();
    private final String session = UUID.randomUUID().toString();
    private final Gson gson = new Gson();
    private volatile boolean open;
    private volatile Thread loop;

    IOPubSocket(ZMQ.Context context, HMACGenerator hmac) {
        super(context, SocketType.XPUB, hmac, LoggerFactory.getLogger(IOPubSocket.class));
        setXpubVerbose(true); // every subscriber gets a welcome, not only the first one of a topic
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        // only the address the connection file names
        super.bind(formatAddress(props.getTransport(), props.getIp(), props.getIopubPort()));
        Thread sender = new Thread(this::serve, "jupyter-iopub");
        sender.setDaemon(true);
        loop = sender;
        open = true; // after loop: whoever sees the socket open finds its thread
        sender.start();
    }

    /** Queues the message (waiting while the queue is full) and wakes the socket's thread. */
    @Override
    public void sendMessage(Message<?> message) {
        if (!open) return;
        Thread sender = loop;
        while (open && sender.isAlive() && outbox.size() >= MAX_WAITING) { // (size() counts: no counter to leave wrong)
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a cell being interrupted: its last output is dropped
                return;
            }
        }
        if (!open) return;
        outbox.add(message);
        LockSupport.unpark(sender);
    }

    private void serve() {
        long bound = System.nanoTime();
        boolean welcomedOne = false;
        try {
            while (open) {
                Message<?> message = outbox.poll();
                if (message != null) super.sendMessage(message);
                welcomedOne |= welcomeNewSubscribers();
                if (message != null) continue;
                boolean early = !welcomedOne && System.nanoTime() - bound < TimeUnit.MILLISECONDS.toNanos(FIRST_SUBSCRIBER_WAIT_MS);
                // until a sender unparks this thread, or it is time to look for subscribers again
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(early ? FIRST_SUBSCRIBER_CHECK_MS : SUBSCRIBER_CHECK_MS));
            }
        } finally {
            // what was published before the kernel closed the socket still goes out
            for (Message<?> message; (message = outbox.poll()) != null; ) super.sendMessage(message);
            super.close();
        }
    }

    /**
     * An XPUB socket receives "\1topic" for each subscription (and "\0topic" when one ends).
     * Returns whether it welcomed anyone.
     */
    private boolean welcomeNewSubscribers() {
        boolean welcomed = false;
        for (byte[] event; (event = recv(ZMQ.DONTWAIT)) != null; ) {
            if (event.length > 0 && event[0] == 1) {
                welcome(new String(event, 1, event.length - 1, StandardCharsets.UTF_8));
                welcomed = true;
            }
        }
        return welcomed;
    }

    /** iopub_welcome, built here because jjava-jupyter knows no such message type. */
    private void welcome(String topic) {
        byte[] header = gson.toJson(Map.of(
                "msg_id", UUID.randomUUID().toString(),
                "session", session,
                "username", Header.KERNEL_USERNAME,
                "date", Instant.now().toString(),
                "msg_type", "iopub_welcome",
                "version", "5.5")).getBytes(StandardCharsets.UTF_8);
        byte[] content = gson.toJson(Map.of("subscription", topic)).getBytes(StandardCharsets.UTF_8);
        String signature = hmacGenerator.calculateSignature(header, EMPTY_OBJECT, EMPTY_OBJECT, content);
        sendMore(DELIMITER);
        sendMore(signature.getBytes(StandardCharsets.US_ASCII));
        sendMore(header);
        sendMore(EMPTY_OBJECT);
        sendMore(EMPTY_OBJECT);
        send(content);
    }

    /** Stops the thread, which sends what is queued and closes the socket. */
    @Override
    public void close() {
        open = false;
        Thread t = loop;
        if (t == null) {
            super.close();
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
