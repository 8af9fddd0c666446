package backprop.course.widgets;

import java.util.Map;

/** A yes-or-no setting: show the tangent, use the bias. */
public final class Checkbox extends Control<Boolean> {

    private final Model checkbox;
    private volatile boolean value;

    public static Checkbox of(String name, boolean initial) {
        return new Checkbox(name, initial);
    }

    private Checkbox(String name, boolean initial) {
        super(name);
        this.value = initial;
        this.checkbox = new Model("Checkbox", "CheckboxStyle", Map.of("value", initial, "description", name,
                "description_allow_html", false, "disabled", false, "indent", true));
        checkbox.onFrontEndChange(changes -> {
            if (changes.get("value") instanceof Boolean ticked) {
                value = ticked;
                changed();
            }
        });
    }

    @Override
    public Boolean value() {
        return value;
    }

    /** Ticks or clears the box, as if the learner had. */
    public void set(boolean ticked) {
        value = ticked;
        checkbox.set("value", ticked);
        changed();
    }

    @Override
    String shown() {
        return value ? "yes" : "no";
    }

    @Override
    Model model() {
        return checkbox;
    }
}
