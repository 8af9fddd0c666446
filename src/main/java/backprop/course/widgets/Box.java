package backprop.course.widgets;

import java.util.List;
import java.util.Map;

/** Widgets side by side ({@link #row}) or one under another ({@link #column}). */
public final class Box extends Widget {

    private final Model box;

    public static Box row(Widget... widgets) {
        return new Box("HBox", widgets);
    }

    public static Box column(Widget... widgets) {
        return new Box("VBox", widgets);
    }

    private Box(String name, Widget... widgets) {
        List<Model> children = List.of(widgets).stream().map(Widget::model).toList();
        this.box = new Model(name, null, Map.of("children", children, "box_style", ""));
    }

    @Override
    Model model() {
        return box;
    }
}
