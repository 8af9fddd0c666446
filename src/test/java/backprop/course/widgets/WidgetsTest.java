package backprop.course.widgets;

import backprop.comm.Comms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The widgets without a kernel: what a cell shows where nothing draws widgets, and the widget
 * protocol's messages, recorded by a {@link Comms} that plays the front end, in ipywidgets 8's
 * protocol (JupyterLab 4, Notebook 7) and ipywidgets 6's (Debian's Notebook 6). The real kernel and
 * real front ends are in the Python tests test_widgets, test_lab_app and test_notebook_app.
 */
class WidgetsTest {

    /** Comms that record what the library opens and sends, and deliver what a front end would send. */
    static final class FrontEnd implements Comms {
        final String protocol;
        /** Each model's state as opened, its buffers put in place (ipywidgets 8). */
        final Map<String, Map<String, Object>> opened = new LinkedHashMap<>();
        final Map<String, Listener> listeners = new LinkedHashMap<>();
        final List<String> sentTo = new ArrayList<>();
        final List<Map<String, Object>> sent = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        final List<String> logged = new ArrayList<>();
        private int ids;

        FrontEnd(String protocol) {
            this.protocol = protocol;
        }

        FrontEnd() {
            this(Comms.IPYWIDGETS_8);
        }

        @Override
        public Optional<String> widgetProtocol() {
            return Optional.of(protocol);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Comm open(String target, Map<String, Object> data, Map<String, Object> metadata, List<byte[]> buffers,
                         Listener listener) {
            assertEquals("jupyter.widget", target);
            String id = "m" + (++ids);
            if (protocol.equals(Comms.IPYWIDGETS_8)) {
                assertEquals(Map.of("version", "2.1.0"), metadata);
                opened.put(id, withBuffers((Map<String, Object>) data.get("state"), (List<?>) data.get("buffer_paths"), buffers));
            } else {
                assertEquals(Map.of(), metadata);
                assertEquals(List.of(), buffers);
                opened.put(id, data);
            }
            listeners.put(id, listener);
            return new Comm() {
                public String id() {
                    return id;
                }

                public void send(Map<String, Object> message, List<byte[]> buffers) {
                    sentTo.add(id);
                    Map<String, Object> copy = new LinkedHashMap<>(message);
                    if (message.get("state") instanceof Map<?, ?> state) {
                        copy.put("state", withBuffers((Map<String, Object>) state, (List<?>) message.get("buffer_paths"), buffers));
                    }
                    sent.add(copy);
                }

                public void close() {
                    closed.add(id);
                }
            };
        }

        private static Map<String, Object> withBuffers(Map<String, Object> state, List<?> paths, List<byte[]> buffers) {
            Map<String, Object> whole = new LinkedHashMap<>(state);
            if (paths == null) return whole;
            assertEquals(paths.size(), buffers.size(), "a buffer for each path");
            for (int i = 0; i < paths.size(); i++) whole.put((String) ((List<?>) paths.get(i)).get(0), buffers.get(i));
            return whole;
        }

        @Override
        public String describe(Throwable error) {
            return "described: " + error.getMessage();
        }

        @Override
        public void log(String line) {
            logged.add(line);
        }

        String idOf(String modelName) {
            return opened.entrySet().stream().filter(e -> e.getValue().get("_model_name").equals(modelName))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no " + modelName + " opened"));
        }

        /** The learner moved a control: the front end's update of a changed value, in its protocol. */
        void move(String id, Object value) {
            change(id, "value", value);
        }

        void change(String id, String key, Object value) {
            listeners.get(id).onMessage(protocol.equals(Comms.IPYWIDGETS_8)
                    ? Map.of("method", "update", "state", Map.of(key, value), "buffer_paths", List.of())
                    : Map.of("method", "backbone", "sync_method", "update", "sync_data", Map.of(key, value)), List.of());
        }

        /** The last state update sent to the model {@code id}. */
        Map<?, ?> lastUpdate(String id) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (sentTo.get(i).equals(id) && "update".equals(sent.get(i).get("method"))) return (Map<?, ?>) sent.get(i).get("state");
            }
            throw new AssertionError("nothing sent to " + id);
        }
    }

    @AfterEach
    void noKernel() {
        Comms.offer(null);
    }

    private static BufferedImage picture(int width) {
        return new BufferedImage(width, 10, BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void whereNothingDrawsWidgetsTheCellShowsTheViewForTheFirstValueAndSaysWhereTheSliderWorks() {
        BufferedImage chart = picture(40);
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Object shown;
        try {
            shown = Interact.show(Slider.log("learning rate η", 0.01, 1, 0.1), rate -> rate == 0.1 ? chart : null);
        } finally {
            System.setOut(out);
        }
        assertSame(chart, shown);
        assertEquals("Shown for learning rate η = 0.1: in JupyterLab or Jupyter Notebook with the course's kernel, a slider here "
                + "redraws it as you drag.\n", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLogSliderSendsTheExponentAndTurnsAPositionBackIntoItsValue() {
        FrontEnd frontEnd = new FrontEnd();
        Comms.offer(frontEnd);
        Slider rate = Slider.log("learning rate η", 0.01, 1, 0.1);
        List<Double> seen = new ArrayList<>();
        Interact interact = (Interact) Interact.show(rate, r -> {
            seen.add(r);
            return "η = " + r;
        });
        String root = interact.modelId();
        Map<String, Object> slider = frontEnd.opened.get(frontEnd.idOf("FloatSliderModel"));
        assertEquals(-2.0, slider.get("min"));
        assertEquals(0.0, slider.get("max"));
        assertEquals(-1.0, (double) slider.get("value"), 1e-15);
        assertEquals(2.0 / Slider.STEPS, (double) slider.get("step"), 1e-15);
        assertEquals(false, slider.get("readout"));
        assertTrue(((String) slider.get("layout")).startsWith("IPY_MODEL_m"), "a layout reference: " + slider.get("layout"));
        assertTrue(((String) slider.get("style")).startsWith("IPY_MODEL_m"), "a style reference: " + slider.get("style"));
        assertEquals("SliderStyleModel", frontEnd.opened.get(((String) slider.get("style")).substring(10)).get("_model_name"));
        assertEquals("VBoxModel", frontEnd.opened.get(root).get("_model_name"));
        assertEquals("@jupyter-widgets/controls", frontEnd.opened.get(root).get("_model_module"));
        assertEquals("2.0.0", frontEnd.opened.get(root).get("_model_module_version"));
        assertEquals(root, new ArrayList<>(frontEnd.opened.keySet()).get(frontEnd.opened.size() - 1),
                "a model opens after the models it refers to");

        frontEnd.move(frontEnd.idOf("FloatSliderModel"), -0.5);   // 10^-0.5
        assertEquals(Math.pow(10, -0.5), rate.value(), 1e-12);
        assertEquals(List.of(0.1, rate.value()), seen);
        String html = (String) frontEnd.lastUpdate(frontEnd.idOf("HTMLModel")).get("value");
        assertTrue(html.contains("η = 0.316227766"), html);
    }

    @Test
    void aValueOutsideTheRangeIsClampedAndTheFrontEndToldWhereTheSliderIs() {
        FrontEnd frontEnd = new FrontEnd();
        Comms.offer(frontEnd);
        Slider w = Slider.of("w", 0, 10, 2);
        ((Interact) Interact.show(w, v -> "w = " + v)).modelId();
        String slider = frontEnd.idOf("FloatSliderModel");
        frontEnd.move(slider, 50.0);
        assertEquals(10.0, w.value());
        assertEquals(Map.of("value", 10.0), frontEnd.lastUpdate(slider));
        frontEnd.move(slider, "not a number");   // a malformed message changes nothing
        assertEquals(10.0, w.value());
    }

    @Test
    void aViewThatThrowsShowsItsErrorUnderTheWidgetAndTheNextGoodValueClearsIt() {
        FrontEnd frontEnd = new FrontEnd();
        Comms.offer(frontEnd);
        IntSlider n = IntSlider.of("n", 0, 5, 1);
        ((Interact) Interact.show(n, k -> {
            if (k == 3) throw new IllegalArgumentException("three is not allowed");
            return picture(10 + k);
        })).modelId();
        String slider = frontEnd.idOf("IntSliderModel");
        String image = frontEnd.idOf("ImageModel");
        String problem = frontEnd.idOf("HTMLModel");
        assertEquals("", frontEnd.opened.get(problem).get("value"));

        frontEnd.move(slider, 3.0);
        String error = (String) frontEnd.lastUpdate(problem).get("value");
        assertTrue(error.contains("described: three is not allowed"), error);
        assertFalse(frontEnd.sentTo.contains(image), "the image stays as it was");

        frontEnd.move(slider, 4.0);
        assertEquals("", frontEnd.lastUpdate(problem).get("value"));
        assertEquals(14, decodedWidth((byte[]) frontEnd.lastUpdate(image).get("value")));
    }

    @Test
    void aPageLoadedAgainGetsTheWholeStateAndClosingClosesEveryModel() {
        FrontEnd frontEnd = new FrontEnd();
        Comms.offer(frontEnd);
        Dropdown<String> pick = Dropdown.of("activation", List.of("sigmoid", "tanh"), "sigmoid");
        Interact interact = (Interact) Interact.show(pick, a -> a);
        interact.modelId();
        String dropdown = frontEnd.idOf("DropdownModel");
        frontEnd.listeners.get(dropdown).onMessage(Map.of("method", "request_state"), List.of());
        Map<?, ?> state = frontEnd.lastUpdate(dropdown);
        assertEquals(List.of("sigmoid", "tanh"), state.get("_options_labels"));
        assertEquals(0, state.get("index"));

        frontEnd.change(dropdown, "index", 7.0);   // not an option: the front end goes back to the one chosen
        assertEquals("sigmoid", pick.value());
        assertEquals(Map.of("index", 0), frontEnd.lastUpdate(dropdown));
        frontEnd.change(dropdown, "index", 1.0);   // JSON numbers arrive as doubles
        assertEquals("tanh", pick.value());

        interact.close();
        assertEquals(frontEnd.opened.keySet(), new java.util.HashSet<>(frontEnd.closed));
    }

    @Test
    void notebook6GetsIpywidgets6sModelsAndMessages() {
        FrontEnd frontEnd = new FrontEnd(Comms.IPYWIDGETS_6);
        Comms.offer(frontEnd);
        Dropdown<String> pick = Dropdown.of("activation", List.of("sigmoid", "tanh"), "sigmoid");
        IntSlider n = IntSlider.of("n", 0, 5, 1);
        Interact interact = (Interact) Interact.show(pick, n, (a, k) -> picture(10 + k));
        interact.modelId();
        for (Map<String, Object> state : frontEnd.opened.values()) {
            assertEquals("jupyter-js-widgets", state.get("_model_module"));
            assertEquals("~2.1.4", state.get("_model_module_version"));
            assertEquals(1, state.get("msg_throttle"));
            assertFalse(state.containsKey("style") || state.containsKey("tooltip"), "ipywidgets 8's keys: " + state);
        }
        assertFalse(frontEnd.opened.values().stream().anyMatch(s -> s.get("_model_name").toString().contains("Style")));
        String image = frontEnd.idOf("ImageModel");
        assertEquals(10 + 1, decodedWidth(Base64.getDecoder().decode((String) frontEnd.opened.get(image).get("_b64value"))));
        String dropdown = frontEnd.idOf("DropdownModel");
        assertEquals("sigmoid", frontEnd.opened.get(dropdown).get("value"));

        frontEnd.move(dropdown, "tanh");   // ipywidgets 6 sends the label
        assertEquals("tanh", pick.value());
        frontEnd.move(dropdown, "relu");
        assertEquals(Map.of("value", "tanh"), frontEnd.lastUpdate(dropdown));
        frontEnd.move(frontEnd.idOf("IntSliderModel"), 4.0);
        assertEquals(14, decodedWidth(Base64.getDecoder().decode((String) frontEnd.lastUpdate(image).get("_b64value"))));
    }

    @Test
    void anUpdateWhoseBuffersDoNotFitAndAnEchoFromTheFrontEndAreLoggedAndChangeNothing() {
        FrontEnd frontEnd = new FrontEnd();
        Comms.offer(frontEnd);
        Slider w = Slider.of("w", 0, 10, 2);
        ((Interact) Interact.show(w, v -> "w = " + v)).modelId();
        Comms.Listener slider = frontEnd.listeners.get(frontEnd.idOf("FloatSliderModel"));
        slider.onMessage(Map.of("method", "update", "state", Map.of("value", 5.0), "buffer_paths", List.of(List.of("x"))), List.of());
        slider.onMessage(Map.of("method", "update", "state", Map.of("value", 5.0), "buffer_paths", List.of(List.of("a", 0))),
                List.of(new byte[1]));
        slider.onMessage(Map.of("method", "echo_update", "state", Map.of("value", 7.0), "buffer_paths", List.of()), List.of());
        slider.onMessage(Map.of("method", "custom", "content", Map.of()), List.of());
        assertEquals(2.0, w.value());
        assertEquals(3, frontEnd.logged.size(), frontEnd.logged.toString());
        assertTrue(frontEnd.logged.get(0).contains("do not name its 0 buffers"), frontEnd.logged.get(0));
        assertTrue(frontEnd.logged.get(1).contains("is not one key of the state"), frontEnd.logged.get(1));
        assertTrue(frontEnd.logged.get(2).contains("ignored an echo_update"), frontEnd.logged.get(2));
        frontEnd.move(frontEnd.idOf("FloatSliderModel"), 6.0);
        assertEquals(6.0, w.value(), "the slider works after them");
    }

    @Test
    void badControlsSayWhatIsWrong() {
        assertThrows(IllegalArgumentException.class, () -> Slider.log("ε", 0, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Slider.of("w", 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Dropdown.of("f", List.of("a"), "b"));
        assertEquals(1.0, Slider.of("w", 0, 1, 5).value(), "a first value outside the range is clamped");
        Checkbox tangent = Checkbox.of("tangent", true);
        assertEquals("Checkbox tangent = yes", tangent.toString());
    }

    private static int decodedWidth(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image);
            assertInstanceOf(BufferedImage.class, image);
            return image.getWidth();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
