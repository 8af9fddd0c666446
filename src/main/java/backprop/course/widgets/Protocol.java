package backprop.course.widgets;

import backprop.comm.Comms;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a widget model's state goes over its comm, in the protocol the front end speaks. A
 * {@link Model} keeps its state as ipywidgets 8 names it (its model listings,
 * {@code jupyterwidgetmodels.latest.md}): {@link #IPYWIDGETS_8} sends it as it is; {@link #IPYWIDGETS_6}
 * translates it for Debian's Jupyter Notebook 6 (ipywidgets 6.0's {@code jupyterwidgetmodels.v6.md}).
 */
abstract class Protocol {

    /** A comm message's data, the metadata of a comm_open, and its binary buffers. */
    record Message(Map<String, Object> data, Map<String, Object> metadata, List<byte[]> buffers) {}

    /** The protocol of ipywidgets 8 (2.1.0): JupyterLab 4, Notebook 7, VS Code. */
    static final Protocol IPYWIDGETS_8 = new Protocol() {
        private static final String CONTROLS = "@jupyter-widgets/controls";
        private static final String BASE = "@jupyter-widgets/base";
        private static final String VERSION = "2.0.0";

        @Override
        Map<String, Object> header(String name) {
            boolean layout = name.equals("Layout"), style = name.endsWith("Style");
            return header(layout ? BASE : CONTROLS, VERSION, name + "Model", layout || style ? BASE : CONTROLS,
                    VERSION, layout ? "LayoutView" : style ? "StyleView" : name + "View");
        }

        @Override
        Message open(Map<String, Object> state) {
            Message update = update(state);
            return new Message(Map.of("state", update.data().get("state"), "buffer_paths", update.data().get("buffer_paths")),
                    Map.of("version", Comms.IPYWIDGETS_8), update.buffers());
        }

        /** A state whose binary values (an image's PNG) travel as buffers, each named by its path. */
        @Override
        Message update(Map<String, Object> changes) {
            Map<String, Object> state = new LinkedHashMap<>();
            List<List<String>> paths = new ArrayList<>();
            List<byte[]> buffers = new ArrayList<>();
            changes.forEach((key, value) -> {
                if (value instanceof byte[] bytes) {
                    paths.add(List.of(key));
                    buffers.add(bytes);
                } else {
                    state.put(key, value);
                }
            });
            return new Message(Map.of("method", "update", "state", state, "buffer_paths", paths), Map.of(), buffers);
        }

        @Override
        Map<String, Object> changes(Map<String, Object> message, List<byte[]> buffers, Map<String, Object> current) {
            if (!"update".equals(message.get("method")) || !(message.get("state") instanceof Map<?, ?> state)) return null;
            Map<String, Object> changes = keyed(state);
            Object paths = message.getOrDefault("buffer_paths", List.of());
            if (!(paths instanceof List<?> list) || list.size() != buffers.size()) {
                throw new IllegalArgumentException("its buffer_paths " + paths + " do not name its " + buffers.size() + " buffers");
            }
            for (int i = 0; i < list.size(); i++) {   // a model's binary values are its own keys: paths of one key
                if (!(list.get(i) instanceof List<?> path && path.size() == 1 && path.get(0) instanceof String key)) {
                    throw new IllegalArgumentException("its buffer path " + list.get(i) + " is not one key of the state");
                }
                changes.put(key, buffers.get(i));
            }
            return changes;
        }

        @Override
        Map<String, Object> sent(Map<String, Object> changes, Map<String, Object> current) {
            return changes;
        }
    };

    /** The protocol of ipywidgets 6.0 (jupyter-js-widgets 2.1.4): Debian's Jupyter Notebook 6. */
    static final Protocol IPYWIDGETS_6 = new Protocol() {
        private static final String MODULE = "jupyter-js-widgets";
        private static final String VERSION = "~2.1.4";
        /** ipywidgets 8's attributes that ipywidgets 6 does not have. */
        private static final Set<String> NEWER = Set.of("style", "tabbable", "tooltip", "description_allow_html", "behavior");

        @Override
        Map<String, Object> header(String name) {
            Map<String, Object> header = header(MODULE, VERSION, name + "Model", MODULE, VERSION, name + "View");
            header.put("msg_throttle", 1);   // the front end sends a control's next value once the kernel is idle again
            return header;
        }

        @Override
        Message open(Map<String, Object> state) {
            return new Message(state, Map.of(), List.of());
        }

        @Override
        Message update(Map<String, Object> changes) {
            return new Message(Map.of("method", "update", "state", changes), Map.of(), List.of());
        }

        @Override
        Map<String, Object> changes(Map<String, Object> message, List<byte[]> buffers, Map<String, Object> current) {
            if (!"backbone".equals(message.get("method")) || !(message.get("sync_data") instanceof Map<?, ?> sync)) return null;
            Map<String, Object> changes = keyed(sync);
            // a dropdown's choice: ipywidgets 6 sends its label, ipywidgets 8 its index
            if (current.get("_options_labels") instanceof List<?> labels && changes.containsKey("value")) {
                changes.put("index", labels.indexOf(changes.remove("value")));
            }
            return changes;
        }

        @Override
        Map<String, Object> sent(Map<String, Object> changes, Map<String, Object> current) {
            Map<String, Object> sent = new LinkedHashMap<>();
            changes.forEach((key, value) -> {
                if (NEWER.contains(key)) return;
                if (value instanceof byte[] bytes) {                     // an image: base64 in "_b64value"
                    sent.put("_b64value", Base64.getEncoder().encodeToString(bytes));
                } else if (key.equals("index") && current.get("_options_labels") instanceof List<?> labels) {
                    sent.put("value", labels.get(((Number) value).intValue()));     // a dropdown: its label
                } else {
                    sent.put(key, value);
                }
            });
            return sent;
        }
    };

    /** The protocol whose version the front end speaks. */
    static Protocol of(String version) {
        return version.equals(Comms.IPYWIDGETS_6) ? IPYWIDGETS_6 : IPYWIDGETS_8;
    }

    /** The keys that name a model's class and view: its module, version and name for each. */
    abstract Map<String, Object> header(String name);

    /** The comm_open of a model with this state, as {@link #sent} made it (header included, models referenced). */
    abstract Message open(Map<String, Object> state);

    /** A state update to send, as {@link #sent} made it. */
    abstract Message update(Map<String, Object> changes);

    /**
     * The state the front end changed (the learner moved a slider) in ipywidgets 8's names, or null
     * for a message of another kind.
     *
     * @throws IllegalArgumentException for an update whose buffers do not fit it
     */
    abstract Map<String, Object> changes(Map<String, Object> message, List<byte[]> buffers, Map<String, Object> current);

    /** Changes of ipywidgets 8's names as this protocol names them, given the model's whole state. */
    abstract Map<String, Object> sent(Map<String, Object> changes, Map<String, Object> current);

    static Map<String, Object> header(String modelModule, String modelVersion, String modelName,
                                      String viewModule, String viewVersion, String viewName) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("_model_module", modelModule);
        header.put("_model_module_version", modelVersion);
        header.put("_model_name", modelName);
        header.put("_view_module", viewModule);
        header.put("_view_module_version", viewVersion);
        header.put("_view_name", viewName);
        return header;
    }

    private static Map<String, Object> keyed(Map<?, ?> map) {
        Map<String, Object> keyed = new LinkedHashMap<>();
        map.forEach((key, value) -> keyed.put(String.valueOf(key), value));
        return keyed;
    }
}
