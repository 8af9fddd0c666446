package backprop.course.widgets;

import backprop.comm.Comms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One widget model of Jupyter's widget protocol: a name ("FloatSlider" is model FloatSliderModel,
 * view FloatSliderView) and a state that the front end mirrors over a comm. The state is kept as
 * ipywidgets 8 names it; the {@link Protocol} of the front end that draws it sends it in its own
 * terms (ipywidgets 8's for JupyterLab 4 and Notebook 7, ipywidgets 6.0's for Debian's Notebook 6).
 *
 * <p>A model opens its comm when it is first shown; until then, and under a kernel without comms,
 * it is only its state. A state value that is another model (a layout, a style, a box's children)
 * is sent as "IPY_MODEL_" and that model's id, the protocol's reference, and that model opens
 * first. A {@code byte[]} value (an image's PNG) is binary: a buffer of the message.
 */
final class Model {

    private static final String REFERENCE = "IPY_MODEL_";

    private final String name;
    private final Map<String, Object> state = new LinkedHashMap<>();
    private Consumer<Map<String, Object>> onFrontEndChange = changes -> {};
    private Comms comms;
    private Protocol protocol;
    private Comms.Comm comm;

    /**
     * A model of a widget shown on the page: it gets a layout model of its own, as ipywidgets gives
     * one, and a style model when ipywidgets 8 gives it one (named {@code style}: "SliderStyle").
     */
    Model(String name, String style, Map<String, Object> state) {
        this(name);
        this.state.put("_dom_classes", List.of());
        this.state.put("layout", new Model("Layout"));
        if (style != null) {
            Model styleModel = new Model(style);
            styleModel.state.put("description_width", "");
            this.state.put("style", styleModel);
        }
        this.state.put("tabbable", null);
        this.state.put("tooltip", null);
        this.state.putAll(state);
    }

    /** A model whose state is one text, "value": a Label (plain text) or an HTML (markup). */
    static Model text(String name, String value) {
        return new Model(name, name + "Style", Map.of("value", value, "description", "", "description_allow_html", false,
                "placeholder", "\u200b"));
    }

    private Model(String name) {
        this.name = name;
    }

    /** What to do when the learner changes the model in the front end (moves a slider): the changed keys. */
    void onFrontEndChange(Consumer<Map<String, Object>> handler) {
        onFrontEndChange = handler;
    }

    synchronized Object get(String key) {
        return state.get(key);
    }

    /** The layout model's state (a CSS property as the protocol names it, e.g. "width"). */
    void layout(String key, Object value) {
        ((Model) get("layout")).set(key, value);
    }

    /** Changes the state, here and, once open, in the front end. */
    synchronized void set(String key, Object value) {
        state.put(key, value);
        if (comm != null) send(Map.of(key, value));
    }

    /**
     * The model's comm id, opening the comm (and those of the models it refers to) on first use, in
     * the protocol of the front end that draws widgets now.
     *
     * @throws IllegalStateException under a kernel that offers no comms
     */
    synchronized String id() {
        if (comm == null) {
            comms = Comms.ofKernel().orElseThrow(() -> new IllegalStateException(
                    "this kernel cannot show widgets: they need JupyterLab or Jupyter Notebook with the course's kernel"));
            protocol = Protocol.of(comms.widgetProtocol().orElse(Comms.IPYWIDGETS_8));
            Protocol.Message open = protocol.open(whole());   // opens the models it refers to first
            comm = comms.open(Comms.WIDGET_TARGET, open.data(), open.metadata(), open.buffers(), new Comms.Listener() {
                @Override
                public void onMessage(Map<String, Object> data, List<byte[]> buffers) {
                    receive(data, buffers);
                }

                @Override
                public Optional<Comms.Update> wholeState() {
                    return Model.this.wholeState();
                }
            });
        }
        return comm.id();
    }

    /** Closes this model's comm and those of the models it refers to; the front end removes its views. */
    synchronized void close() {
        if (comm != null) comm.close();
        for (Object value : state.values()) {
            if (value instanceof Model part) part.close();
            if (value instanceof List<?> list) list.forEach(item -> { if (item instanceof Model part) part.close(); });
        }
    }

    /** The whole state, as a front end that connects asks every widget for it at once (ipywidgets 8 only). */
    private synchronized Optional<Comms.Update> wholeState() {
        if (protocol != Protocol.IPYWIDGETS_8) return Optional.empty();
        Protocol.Message update = protocol.update(whole());
        return Optional.of(new Comms.Update(update.data(), update.buffers()));
    }

    private void receive(Map<String, Object> message, List<byte[]> buffers) {
        Object method = message.get("method");
        if ("request_state".equals(method)) {   // a page loaded again asks for the whole state
            synchronized (this) {
                Protocol.Message update = protocol.update(whole());
                comm.send(update.data(), update.buffers());
            }
            return;
        }
        Map<String, Object> changes;
        try {
            synchronized (this) {
                changes = protocol.changes(message, buffers, state);
                if (changes != null) state.putAll(changes);
            }
        } catch (IllegalArgumentException malformed) {
            comms.log("ignored an update for widget " + comm.id() + " (" + name + "): " + malformed.getMessage());
            return;
        }
        if (changes != null) {
            onFrontEndChange.accept(changes);
        } else if ("echo_update".equals(method)) {   // a kernel sends these, a front end never should
            comms.log("ignored an echo_update from the front end for widget " + comm.id() + " (" + name + ")");
        }
    }

    /** The whole state as the protocol sends it: the header that names the model and view, then the state. */
    private Map<String, Object> whole() {
        Map<String, Object> whole = protocol.header(name);
        whole.putAll(wire(protocol.sent(state, state)));
        return whole;
    }

    /** Sends state changes (held: the comm is open) in the front end's protocol. */
    private void send(Map<String, Object> changes) {
        Protocol.Message update = protocol.update(wire(protocol.sent(changes, state)));
        comm.send(update.data(), update.buffers());
    }

    /** The state as the protocol sends it: models as references. */
    private static Map<String, Object> wire(Map<String, Object> values) {
        Map<String, Object> json = new LinkedHashMap<>();
        values.forEach((key, value) -> json.put(key, reference(value)));
        return json;
    }

    private static Object reference(Object value) {
        if (value instanceof Model model) {
            return REFERENCE + model.id();
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (Object item : list) items.add(reference(item));
            return items;
        }
        return value;
    }

    @Override
    public String toString() {
        return name + state;
    }
}
