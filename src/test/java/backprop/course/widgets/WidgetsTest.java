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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The widgets without a kernel: what a cell shows where nothing draws widgets, and the widget
 * protocol's messages, recorded by a {@link Comms} that plays the front end (the real kernel and a
 * real Jupyter Notebook are in the Python tests test_widgets and test_notebook_app).
 */
class WidgetsTest {

    /** Comms that record what the library opens and sends, and deliver what a front end would send. */
    static final class FrontEnd implements Comms {
        final Map<String, Map<String, Object>> opened = new LinkedHashMap<>();
        final Map<String, Listener> listeners = new LinkedHashMap<>();
        final List<String> sentTo = new ArrayList<>();
        final List<Map<String, Object>> sent = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        private int ids;

        @Override
        public boolean widgetsShown() {
            return true;
        }

        @Override
        public Comm open(String target, Map<String, Object> data, Listener listener) {
            assertEquals("jupyter.widget", target);
            String id = "m" + (++ids);
            opened.put(id, data);
            listeners.put(id, listener);
            return new Comm() {
                public String id() {
                    return id;
                }

                public void send(Map<String, Object> message) {
                    sentTo.add(id);
                    sent.add(message);
                }

                public void close() {
                    closed.add(id);
                }
            };
        }

        @Override
        public String describe(Throwable error) {
            return "described: " + error.getMessage();
        }

        String idOf(String modelName) {
            return opened.entrySet().stream().filter(e -> e.getValue().get("_model_name").equals(modelName))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no " + modelName + " opened"));
        }

        /** The learner moved a control: the front end's backbone sync of a changed value. */
        void move(String id, Object value) {
            listeners.get(id).onMessage(Map.of("method", "backbone", "sync_method", "update", "sync_data", Map.of("value", value)));
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
        assertEquals("Shown for learning rate η = 0.1: in Jupyter Notebook with the course's kernel, a slider here "
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
        assertEquals("VBoxModel", frontEnd.opened.get(root).get("_model_name"));
        assertEquals("~2.1.4", frontEnd.opened.get(root).get("_model_module_version"));
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
        assertEquals(14, decodedWidth((String) frontEnd.lastUpdate(image).get("_b64value")));
    }

    @Test
    void aPageLoadedAgainGetsTheWholeStateAndClosingClosesEveryModel() {
        FrontEnd frontEnd = new FrontEnd();
        Comms.offer(frontEnd);
        Dropdown<String> pick = Dropdown.of("activation", List.of("sigmoid", "tanh"), "sigmoid");
        Interact interact = (Interact) Interact.show(pick, a -> a);
        interact.modelId();
        String dropdown = frontEnd.idOf("DropdownModel");
        frontEnd.listeners.get(dropdown).onMessage(Map.of("method", "request_state"));
        Map<?, ?> state = frontEnd.lastUpdate(dropdown);
        assertEquals(List.of("sigmoid", "tanh"), state.get("_options_labels"));
        assertEquals("sigmoid", state.get("value"));

        frontEnd.move(dropdown, "relu");   // not an option: the front end goes back to the one chosen
        assertEquals("sigmoid", pick.value());
        assertEquals(Map.of("value", "sigmoid"), frontEnd.lastUpdate(dropdown));
        frontEnd.move(dropdown, "tanh");
        assertEquals("tanh", pick.value());

        interact.close();
        assertEquals(frontEnd.opened.keySet(), new java.util.HashSet<>(frontEnd.closed));
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

    private static int decodedWidth(String base64) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
            assertNotNull(image);
            assertInstanceOf(BufferedImage.class, image);
            return image.getWidth();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
