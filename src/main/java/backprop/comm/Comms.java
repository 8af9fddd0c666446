package backprop.comm;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jupyter's comms (comm_open, comm_msg and comm_close: the messages a notebook's widgets speak)
 * as a kernel offers them to a library running in its notebook. Only JDK types cross it, so the
 * course library needs no kernel to compile and the kernel needs no course library: the course's
 * kernel {@linkplain #offer offers} its comms when it starts; under any other kernel (IJava, JJava)
 * {@link #ofKernel} is empty and the course's widgets show a still chart instead.
 *
 * <p>A message's data is JSON as Java sees it: {@code Map<String, Object>} whose values are
 * String, Number, Boolean, List, Map or null. Its buffers are the message's binary parts.
 */
public interface Comms {

    /** The target a widget's comm opens to: one comm per widget model. */
    String WIDGET_TARGET = "jupyter.widget";
    /** The widget protocol of ipywidgets 6.0, which Debian's Jupyter Notebook 6 draws (jupyter-js-widgets 2.1.4). */
    String IPYWIDGETS_6 = "1.0.0";
    /** The widget protocol of ipywidgets 8, which JupyterLab 4, Notebook 7 and VS Code draw (jupyterlab_widgets 3). */
    String IPYWIDGETS_8 = "2.1.0";

    /**
     * The widget protocol of the front end that draws widgets ({@link #IPYWIDGETS_8} or
     * {@link #IPYWIDGETS_6}), or empty when none listens (nbclient, nbconvert, a grader).
     */
    Optional<String> widgetProtocol();

    /**
     * Opens a comm to the front end's {@code target} (for a widget: "jupyter.widget", with the
     * widget's state as {@code data}). Messages from the front end go to {@code listener}, on a
     * thread that Kernel → Interrupt stops, one message at a time.
     */
    Comm open(String target, Map<String, Object> data, Map<String, Object> metadata, List<byte[]> buffers,
              Listener listener);

    /** What the kernel would show for this exception had a cell thrown it: its message and the cell lines. */
    String describe(Throwable error);

    /** Writes a line to the kernel's log (its stderr, in Jupyter's terminal), not to the notebook. */
    void log(String line);

    /** One open comm. */
    interface Comm {
        String id();

        /** Sends a comm_msg with this data and these binary buffers to the front end. */
        void send(Map<String, Object> data, List<byte[]> buffers);

        /** Sends comm_close; messages for this comm are ignored from now on. */
        void close();
    }

    /** What the front end says to one comm. */
    interface Listener {
        void onMessage(Map<String, Object> data, List<byte[]> buffers);

        /** The front end closed the comm. */
        default void onClose() {}

        /**
         * The comm's whole state, as ipywidgets 8's "update" message carries it (data: {@code state} and
         * {@code buffer_paths}; the buffers), for a front end that asks every widget at once when it
         * connects (its control comm's {@code request_states}); empty for a comm that has none.
         */
        default Optional<Update> wholeState() {
            return Optional.empty();
        }
    }

    /** A comm message's data and binary buffers. */
    record Update(Map<String, Object> data, List<byte[]> buffers) {}

    /** The running kernel's comms, or empty when the kernel offers none. */
    static Optional<Comms> ofKernel() {
        return Optional.ofNullable(Offered.comms);
    }

    /** Called by a kernel, once, when it can open comms. */
    static void offer(Comms comms) {
        Offered.comms = comms;
    }
}

/** Where {@link Comms#offer} keeps the kernel's comms. */
final class Offered {
    static volatile Comms comms;

    private Offered() {}
}
