package backprop.course.widgets;

import java.util.Map;

/** A line of text that a program changes: a result, a count. */
public final class Label extends Widget {

    private final Model label;

    public static Label of(String text) {
        return new Label(text);
    }

    private Label(String text) {
        this.label = new Model("Label", Map.of("value", text, "description", "", "disabled", false, "placeholder", "\u200b"));
    }

    public String text() {
        return (String) label.get("value");
    }

    public void text(String text) {
        label.set("value", text);
    }

    @Override
    Model model() {
        return label;
    }

    @Override
    public String toString() {
        return text();
    }
}
