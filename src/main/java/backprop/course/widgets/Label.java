package backprop.course.widgets;

/** A line of text that a program changes: a result, a count. */
public final class Label extends Widget {

    private final Model label;

    public static Label of(String text) {
        return new Label(text);
    }

    private Label(String text) {
        this.label = Model.text("Label", text);
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
