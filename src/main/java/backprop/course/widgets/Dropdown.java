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
        this.dropdown = new Model("Dropdown", Map.of("_options_labels", labels, "value", shown(),
                "description", "", "disabled", false));
        this.row = row(nameLabel(name), dropdown);
        dropdown.onFrontEndChange(changes -> {
            if (changes.containsKey("value")) chosen(String.valueOf(changes.get("value")));
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
        dropdown.set("value", shown());
        changed();
    }

    private void chosen(String label) {
        int index = labels.indexOf(label);
        if (index < 0) {   // not an option: the front end goes back to the one chosen
            dropdown.set("value", shown());
            return;
        }
        value = options.get(index);
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
