package backprop.course.widgets;

import backprop.comm.Comms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One widget model of Jupyter's widget protocol, as ipywidgets 6.0 speaks it to the widgets
 * extension of Debian's Jupyter Notebook (jupyter-js-widgets 2.1.4): a name ("FloatSlider" is
 * model FloatSliderModel, view FloatSliderView) and a state that the front end mirrors over a comm.
 *
 * <p>A model opens its comm when it is first shown; until then, and under a kernel without comms,
 * it is only its state. A state value that is another model (a layout, a box's children) is sent
 * as "IPY_MODEL_" and that model's id, the protocol's reference, and that model opens first.
 */
final class Model {

    static final String TARGET = "jupyter.widget";
    static final String MODULE = "jupyter-js-widgets";
    static final String PROTOCOL = "~2.1.4";
    private static final String REFERENCE = "IPY_MODEL_";

    private final String name;
    private final Map<String, Object> state = new LinkedHashMap<>();
    private Consumer<Map<String, Object>> onFrontEndChange = changes -> {};
    private Comms.Comm comm;

    /** A model of a widget shown on the page: it gets a layout model of its own, as ipywidgets gives one. */
    Model(String name, Map<String, Object> state) {
        this(name);
        this.state.put("_dom_classes", List.of());
        this.state.put("layout", new Model("Layout"));
        this.state.putAll(state);
    }

    /** A model whose state is one text, "value": a Label (plain text) or an HTML (markup). */
    static Model text(String name, String value) {
        return new Model(name, Map.of("value", value, "description", "", "disabled", false, "placeholder", "\u200b"));
    }

    private Model(String name) {
        this.name = name;
        state.put("_model_module", MODULE);
        state.put("_model_module_version", PROTOCOL);
        state.put("_model_name", name + "Model");
        state.put("_view_module", MODULE);
        state.put("_view_module_version", PROTOCOL);
        state.put("_view_name", name + "View");
        state.put("msg_throttle", 1);   // the front end sends a control's next value once the kernel is idle again
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
        if (comm != null) comm.send(Map.of("method", "update", "state", json(Map.of(key, value))));
    }

    /**
     * The model's comm id, opening the comm (and those of the models it refers to) on first use.
     *
     * @throws IllegalStateException under a kernel that offers no comms
     */
    synchronized String id() {
        if (comm == null) {
            Comms comms = Comms.ofKernel().orElseThrow(() -> new IllegalStateException(
                    "this kernel cannot show widgets: they need Jupyter Notebook with the course's kernel"));
            Map<String, Object> opened = json(state);   // opens the models it refers to first
            comm = comms.open(TARGET, opened, this::receive);
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

    private void receive(Map<String, Object> message) {
        Object method = message.get("method");
        if ("backbone".equals(method) && message.get("sync_data") instanceof Map<?, ?> sync) {
            Map<String, Object> changes = new LinkedHashMap<>();
            sync.forEach((key, value) -> changes.put(String.valueOf(key), value));
            synchronized (this) {
                state.putAll(changes);
            }
            onFrontEndChange.accept(changes);
        } else if ("request_state".equals(method)) {   // a page loaded again asks for the whole state
            synchronized (this) {
                comm.send(Map.of("method", "update", "state", json(state)));
            }
        }
    }

    /** The state as the protocol sends it: models as references. */
    private Map<String, Object> json(Map<String, Object> values) {
        Map<String, Object> json = new LinkedHashMap<>();
        values.forEach((key, value) -> json.put(key, reference(value)));
        return json;
    }

    private Object reference(Object value) {
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
