package backprop.course.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A choice of one of a few options (an activation function, a data set), each shown by its {@code toString}. */
public final class Dropdown<T> extends Control<T> {

    private final List<T> options;
    private final List<String> labels = new ArrayList<>();
    private final Model dropdown;
    private final Model row;
    private volatile T value;

    /** A dropdown of {@code options}, set to {@code initial} (one of them). */
    public static <T> Dropdown<T> of(String name, List<T> options, T initial) {
        return new Dropdown<>(name, options, initial);
    }

    private Dropdown(String name, List<T> options, T initial) {
        super(name);
        if (options.isEmpty() || !options.contains(initial)) {
            throw new IllegalArgumentException("the dropdown " + name + " must start on one of its options " + options
                    + ", not on " + initial);
        }
        this.options = List.copyOf(options);
        this.value = initial;
        options.forEach(option -> labels.add(String.valueOf(option)));
        this.dropdown = new Model("Dropdown", "DescriptionStyle", Map.of("_options_labels", labels,
                "index", options.indexOf(initial), "description", "", "description_allow_html", false, "disabled", false));
        this.row = row(nameLabel(name), dropdown);
        dropdown.onFrontEndChange(changes -> {
            if (changes.containsKey("index")) chosen(changes.get("index"));
        });
    }

    @Override
    public T value() {
        return value;
    }

    /** Chooses {@code option}, as if the learner had. */
    public void set(T option) {
        if (!options.contains(option)) {
            throw new IllegalArgumentException(option + " is not one of the dropdown's options " + options);
        }
        value = option;
        dropdown.set("index", options.indexOf(option));
        changed();
    }

    /** The learner chose the option at {@code index} (a number); anything else puts the front end back. */
    private void chosen(Object index) {
        int at = index instanceof Number number && number.doubleValue() == number.intValue() ? number.intValue() : -1;
        if (at < 0 || at >= options.size()) {
            dropdown.set("index", options.indexOf(value));
            return;
        }
        value = options.get(at);
        changed();
    }

    @Override
    String shown() {
        return labels.get(options.indexOf(value));
    }

    @Override
    Model model() {
        return row;
    }
}
