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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Which front end draws widgets, and in which protocol ({@link #widgetProtocol}), the kernel
 * learns from what the front end opens when it connects to the kernel, read from the front ends'
 * own sources:
 * <ul>
 *   <li>JupyterLab 4, Notebook 7 and VS Code (ipywidgets 8's manager, {@code @jupyter-widgets/base-manager})
 *       open the control comm (target "jupyter.widget.control") and ask it for every widget's state
 *       ({@code request_states}): {@link Comms#IPYWIDGETS_8}. The kernel answers with every open widget's
 *       state in one message ({@code update_states}); each widget also answers for itself
 *       ({@code request_state}), which the front end asks of each comm in comm_info when the control
 *       comm is closed instead.</li>
 *   <li>Debian's Jupyter Notebook 6 (jupyter-js-widgets 2.1.4) checks the widget version (target
 *       "jupyter.widget.version"): {@link Comms#IPYWIDGETS_6}, unless its answer says the versions differ.</li>
 * </ul>
 * The newest of these wins (a learner who opens the notebook in another front end); nbclient,
 * nbconvert and the grader open neither, and the course's widgets show still charts there.
 */
final class KernelComms implements Comms {

    /** The target Notebook 6's widgets extension opens to check the kernel's widget protocol (ipywidgets 6). */
    static final String VERSION_TARGET = "jupyter.widget.version";
    /** ipywidgets 6's answer to that check: jupyter-js-widgets' semver range, as ipywidgets 6.0 sends it. */
    static final String VERSION_6 = "~2.1.4";
    /** The target ipywidgets 8's front ends open to fetch every widget's state at once. */
    static final String CONTROL_TARGET = "jupyter.widget.control";
    static final String WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() {}.getType();

    /** Runs a listener as a cell runs: stoppable by Kernel → Interrupt. */
    interface Callbacks {
        void run(Runnable listener);
    }

    private record OpenComm(String target, Listener listener) {}

    /** The kernel's own stderr, whatever a running cell has made of System.err. */
    private final java.io.PrintStream log = System.err;

    private final Gson gson = new Gson();
    private final Map<String, OpenComm> open = new ConcurrentHashMap<>();
    private final Callbacks callbacks;
    private final Function<Throwable, String> describer;
    private volatile JupyterSocket iopub;
    /** The request whose outputs the messages sent now belong to: the running cell, or the comm_msg being handled. */
    private volatile MessageContext parent;
    /** The widget protocol of the front end that draws widgets, or null. */
    private volatile String widgetProtocol;

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
    public Optional<String> widgetProtocol() {
        return Optional.ofNullable(widgetProtocol);
    }

    @Override
    public Comm open(String target, Map<String, Object> data, Map<String, Object> metadata, List<byte[]> buffers,
                     Listener listener) {
        String id = UUID.randomUUID().toString().replace("-", "");
        open.put(id, new OpenComm(target, listener));
        publish(new CommOpenCommand(id, target, json(data)), metadata, buffers);
        return new Comm() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void send(Map<String, Object> message, List<byte[]> buffers) {
                if (open.containsKey(id)) publish(new CommMsgCommand(id, json(message)), Map.of(), buffers);
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

    @Override
    public void log(String line) {
        log.println("kernel: " + line);
    }

    /**
     * Shows a {@link WidgetView} (a cell's value, or {@code display}'s argument) as the widget: an
     * output that names its model, with the protocol's version and the widget as text for a reader
     * without widgets (ipywidgets 8); for Notebook 6 the model id alone, no text (Notebook 6 would
     * print it under the widget), and a "display" message on its comm, the way its extension draws.
     */
    void register(Renderer renderer) {
        renderer.createRegistration(WidgetView.class)
                .preferring(WIDGET_VIEW)
                .register((widget, context) -> {
                    String id = widget.modelId();   // opens its comms, in the protocol of the front end now
                    if (Comms.IPYWIDGETS_6.equals(widgetProtocol)) {
                        publish(new CommMsgCommand(id, json(Map.of("method", "display"))));
                        context.getOutputContainer().putData(WIDGET_VIEW, Map.of("model_id", id));
                    } else {
                        context.getOutputContainer().putData(WIDGET_VIEW, Map.of("model_id", id, "version_major", 2, "version_minor", 0));
                        context.getOutputContainer().putData("text/plain", widget.toString());
                    }
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
            widgetProtocol = Comms.IPYWIDGETS_6;
            open.put(id, new OpenComm(VERSION_TARGET, (reply, buffers) -> {
                if (!Boolean.TRUE.equals(reply.get("validated")) && Comms.IPYWIDGETS_6.equals(widgetProtocol)) widgetProtocol = null;
            }));
            withParent(message, () -> publish(new CommMsgCommand(id, json(Map.of("version", VERSION_6)))));
        } else if (CONTROL_TARGET.equals(command.getTargetName())) {
            widgetProtocol = Comms.IPYWIDGETS_8;
            open.put(id, new OpenComm(CONTROL_TARGET, (request, buffers) -> answerControl(id, request)));
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
        List<byte[]> buffers = message.getBlobs() == null ? List.of() : List.copyOf(message.getBlobs());
        if (!comm.target().equals(Comms.WIDGET_TARGET)) {   // the kernel's own: answered at once, here
            withParent(message, () -> comm.listener().onMessage(data, buffers));
            return;
        }
        withParent(message, () -> callbacks.run(() -> comm.listener().onMessage(data, buffers)));
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
        env.reply(new Replies.CommInfo(comms));
    }

    /**
     * The control comm's request for every widget's state, answered in one message (update_states:
     * each open widget's model names and state, its binary values as buffers named by their paths),
     * as ipywidgets 8's kernels answer it. Should a widget have no state to give, the comm is closed
     * instead, and the front end asks each widget the kernel lists in comm_info (request_state).
     */
    private void answerControl(String id, Map<String, Object> request) {
        if (!"request_states".equals(request.get("method"))) {
            log("ignored a message on the widget control comm: " + request);
            return;
        }
        Map<String, Object> states = new LinkedHashMap<>();
        List<List<Object>> paths = new ArrayList<>();
        List<byte[]> buffers = new ArrayList<>();
        for (Map.Entry<String, OpenComm> widget : open.entrySet()) {
            if (!widget.getValue().target().equals(Comms.WIDGET_TARGET)) continue;
            Optional<Comms.Update> whole = widget.getValue().listener().wholeState();
            if (whole.isEmpty()) {
                open.remove(id);
                publish(new CommCloseCommand(id, new JsonObject()));
                return;
            }
            Map<?, ?> state = (Map<?, ?>) whole.get().data().get("state");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("model_name", state.get("_model_name"));
            entry.put("model_module", state.get("_model_module"));
            entry.put("model_module_version", state.get("_model_module_version"));
            entry.put("state", state);
            states.put(widget.getKey(), entry);
            List<?> statePaths = (List<?>) whole.get().data().get("buffer_paths");
            for (int i = 0; i < statePaths.size(); i++) {
                List<Object> path = new ArrayList<>(List.of(widget.getKey(), "state"));
                path.addAll((List<?>) statePaths.get(i));
                paths.add(path);
                buffers.add(whole.get().buffers().get(i));
            }
        }
        publish(new CommMsgCommand(id, json(Map.of("method", "update_states", "states", states, "buffer_paths", paths))),
                Map.of(), buffers);
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
        publish(content, Map.of(), List.of());
    }

    private <T extends ContentType<T>> void publish(T content, Map<String, Object> metadata, List<byte[]> buffers) {
        JupyterSocket socket = iopub;
        if (socket != null) {
            socket.sendMessage(new Message<>(parent, content.getType(), content, buffers.isEmpty() ? null : buffers,
                    metadata.isEmpty() ? null : new LinkedHashMap<>(metadata)));
        }
    }

    private JsonObject json(Map<String, Object> data) {
        return gson.toJsonTree(data, JSON_MAP).getAsJsonObject();
    }

    private Map<String, Object> map(JsonObject data) {
        Map<String, Object> map = data == null ? null : gson.fromJson(data, JSON_MAP);
        return map == null ? Map.of() : map;
    }


}
