package backprop.course.widgets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleConsumer;

/** A widget whose value the learner sets: a {@link Slider}, an {@link IntSlider}, a {@link Dropdown}, a {@link Checkbox}. */
public abstract class Control<T> extends Widget {

    private final String name;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    Control(String name) {
        this.name = name;
    }

    /** The control's name, as the learner reads it beside the control ("learning rate η"). */
    public String name() {
        return name;
    }

    /** The value it is set to now. */
    public abstract T value();

    /** The value as shown beside the control. */
    abstract String shown();

    /** "learning rate η = 0.1": the name and the value now. */
    public String readout() {
        return name + " = " + shown();
    }

    /** Runs {@code listener} each time the learner changes the value (on the kernel's callback thread). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void changed() {
        listeners.forEach(Runnable::run);
    }

    /** A row: the control's name, the control, and (for a slider) its value. */
    static Model row(Model... parts) {
        Model box = new Model("HBox", null, Map.of("children", List.of(parts), "box_style", ""));
        box.layout("align_items", "center");
        return box;
    }

    /**
     * A slider's models in a row: its name on the left, the slider (the widget protocol's
     * "FloatSlider" or "IntSlider", which sends values while it is dragged and shows no readout of
     * its own), and its value on the right, in the lesson's units. The learner's moves go to {@code moved}.
     */
    static final class SliderRow {
        final Model row;
        private final Model slider;
        private final Model valueLabel;

        SliderRow(String kind, String name, Number min, Number max, Number step, Number position, String shown,
                  DoubleConsumer moved) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("behavior", "drag-tap");
            state.put("continuous_update", true);   // a value while dragging, not only on release
            state.put("description", "");
            state.put("description_allow_html", false);
            state.put("disabled", false);
            state.put("min", min);
            state.put("max", max);
            state.put("step", step);
            state.put("value", position);
            state.put("orientation", "horizontal");
            state.put("readout", false);
            state.put("readout_format", kind.equals("IntSlider") ? "d" : ".2f");
            this.slider = new Model(kind, "SliderStyle", state);
            this.valueLabel = label(shown, "5em");
            this.row = row(nameLabel(name), slider, valueLabel);
            slider.onFrontEndChange(changes -> {
                if (changes.get("value") instanceof Number to) moved.accept(to.doubleValue());
            });
        }

        /** Puts the slider at {@code position} (a move of the learner's that went out of range, or a program's). */
        void moveTo(Number position) {
            slider.set("value", position);
        }

        /** Shows the value beside the slider. */
        void show(String shown) {
            valueLabel.set("value", shown);
        }
    }

    /** The name on a control's left. */
    static Model nameLabel(String name) {
        return label(name, "9em");
    }

    private static Model label(String text, String minWidth) {
        Model label = Model.text("Label", text);
        label.layout("min_width", minWidth);
        return label;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + readout();
    }
}
