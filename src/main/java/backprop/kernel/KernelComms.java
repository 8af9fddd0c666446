package backprop.kernel;

import backprop.comm.Comms;
import backprop.comm.WidgetView;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Jupyter's comms, spoken by the kernel and offered to the notebook's libraries as {@link Comms}
 * (the course's widgets use them). It answers comm_open, comm_msg, comm_close and
 * comm_info_request on the shell thread; a message for a comm is handed to that comm's listener
 * through {@link #callbacks}, on a thread Kernel → Interrupt stops, and the shell thread waits for
 * it: the front end hears "idle" once the listener is done, so a widget front end (which sends a
 * control's next value only then, the newest one) never builds a backlog.
 *
 * <p>It also answers the widget front end's version check (target "jupyter.widget.version", the
 * widgets extension of Debian's Jupyter Notebook, jupyter-js-widgets 2.1.4): a front end that
 * asks is one that draws widgets ({@link #widgetsShown}), unless its answer says the versions differ.
 */
final class KernelComms implements Comms {

    /** The target the widgets extension opens to check the kernel's widget protocol. */
    static final String VERSION_TARGET = "jupyter.widget.version";
    /** The widget protocol the course's widgets speak: jupyter-js-widgets' semver range, as ipywidgets 6.0 sends it. */
    static final String WIDGET_PROTOCOL = "~2.1.4";
    static final String WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() {}.getType();

    /** Runs a listener as a cell runs: stoppable by Kernel → Interrupt. */
    interface Callbacks {
        void run(Runnable listener);
    }

    private record OpenComm(String target, Listener listener) {}

    private final Gson gson = new Gson();
    private final Map<String, OpenComm> open = new ConcurrentHashMap<>();
    private final Callbacks callbacks;
    private final Function<Throwable, String> describer;
    private volatile JupyterSocket iopub;
    /** The request whose outputs the messages sent now belong to: the running cell, or the comm_msg being handled. */
    private volatile MessageContext parent;
    private volatile boolean widgetsShown;

    KernelComms(Callbacks callbacks, Function<Throwable, String> describer) {
        this.callbacks = callbacks;
        this.describer = describer;
    }

    /** Takes over the connection's comm requests from jjava-jupyter's comm manager. */
    void serve(JupyterConnection connection, JupyterSocket iopub) {
        this.iopub = iopub;
        connection.setHandler(MessageType.COMM_OPEN_COMMAND, this::handleOpen);
        connection.setHandler(MessageType.COMM_MSG_COMMAND, this::handleMessage);
        connection.setHandler(MessageType.COMM_CLOSE_COMMAND, this::handleClose);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleInfo);
    }

    /** What is sent from now on belongs to this request (a cell's execute_request). */
    void setParent(MessageContext request) {
        parent = request;
    }

    // ---- what a library calls ----------------------------------------------------------------

    @Override
    public boolean widgetsShown() {
        return widgetsShown;
    }

    @Override
    public Comm open(String target, Map<String, Object> data, Listener listener) {
        String id = UUID.randomUUID().toString().replace("-", "");
        open.put(id, new OpenComm(target, listener));
        publish(new CommOpenCommand(id, target, json(data)));
        return new Comm() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void send(Map<String, Object> message) {
                if (open.containsKey(id)) publish(new CommMsgCommand(id, json(message)));
            }

            @Override
            public void close() {
                if (open.remove(id) != null) publish(new CommCloseCommand(id, new JsonObject()));
            }
        };
    }

    @Override
    public String describe(Throwable error) {
        return describer.apply(error);
    }

    /**
     * Shows a {@link WidgetView} (a cell's value, or {@code display}'s argument) as the widget: the
     * front end is told to draw it in the cell ("display", the widgets extension's way), and the
     * output names its model for a front end that reads it (JupyterLab, a saved notebook).
     */
    void register(Renderer renderer) {
        renderer.createRegistration(WidgetView.class)
                .preferring(WIDGET_VIEW)
                .register((widget, context) -> {
                    publish(new CommMsgCommand(widget.modelId(), json(Map.of("method", "display"))));
                    context.getOutputContainer().putData(WIDGET_VIEW, Map.of("model_id", widget.modelId()));
                });
    }

    // ---- what the front end sends (shell thread) -----------------------------------------------

    private void handleOpen(ShellReplyEnvironment env, Message<CommOpenCommand> message) {
        env.setBusyDeferIdle();
        CommOpenCommand command = message.getContent();
        String id = command.getCommID();
        if (VERSION_TARGET.equals(command.getTargetName())) {
            // a front end that asks draws widgets: cells queued behind this request already show them
            // (its answer, "validated", comes only after them); an answer of false takes it back
            widgetsShown = true;
            open.put(id, new OpenComm(VERSION_TARGET, reply -> widgetsShown = Boolean.TRUE.equals(reply.get("validated"))));
            withParent(message, () -> publish(new CommMsgCommand(id, json(Map.of("version", WIDGET_PROTOCOL)))));
        } else if (open.containsKey(id) && open.get(id).target().equals(command.getTargetName())) {
            // the page was loaded again while the kernel ran: the widget's comm goes on as it was
        } else {
            log("closed a comm the front end opened to " + command.getTargetName() + ", a target this kernel does not have");
            withParent(message, () -> publish(new CommCloseCommand(id, new JsonObject())));
        }
    }

    private void handleMessage(ShellReplyEnvironment env, Message<CommMsgCommand> message) {
        env.setBusyDeferIdle();
        CommMsgCommand command = message.getContent();
        OpenComm comm = open.get(command.getCommID());
        if (comm == null) {
            log("ignored a message for comm " + command.getCommID() + ", which is not open");
            return;
        }
        Map<String, Object> data = map(command.getData());
        if (comm.target().equals(VERSION_TARGET)) {
            comm.listener().onMessage(data);
            return;
        }
        withParent(message, () -> callbacks.run(() -> comm.listener().onMessage(data)));
    }

    private void handleClose(ShellReplyEnvironment env, Message<CommCloseCommand> message) {
        env.setBusyDeferIdle();
        OpenComm comm = open.remove(message.getContent().getCommID());
        if (comm != null) withParent(message, () -> callbacks.run(comm.listener()::onClose));
    }

    private void handleInfo(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        String target = message.getContent().getTargetName();
        Map<String, CommInfoReply.CommInfo> comms = new LinkedHashMap<>();
        open.forEach((id, comm) -> {
            if (target == null || target.equals(comm.target())) comms.put(id, new CommInfoReply.CommInfo(comm.target()));
        });
        env.reply(new CommInfoReply(comms));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void withParent(MessageContext request, Runnable action) {
        MessageContext before = parent;
        parent = request;
        try {
            action.run();
        } finally {
            parent = before;
        }
    }

    private <T extends ContentType<T>> void publish(T content) {
        JupyterSocket socket = iopub;
        if (socket != null) socket.sendMessage(new Message<>(parent, content.getType(), content));
    }

    private JsonObject json(Map<String, Object> data) {
        return gson.toJsonTree(data, JSON_MAP).getAsJsonObject();
    }

    private Map<String, Object> map(JsonObject data) {
        Map<String, Object> map = data == null ? null : gson.fromJson(data, JSON_MAP);
        return map == null ? Map.of() : map;
    }

    private static void log(String what) {
        System.err.println("kernel: " + what);
    }
}
