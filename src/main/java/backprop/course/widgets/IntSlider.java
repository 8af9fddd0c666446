package backprop.course.widgets;

/** A slider for a whole number from {@code min} to {@code max}: a layer's width, a number of steps. */
public final class IntSlider extends Control<Integer> {

    private final int min;
    private final int max;
    private final SliderRow slider;
    private volatile int value;

    /** A slider from {@code min} to {@code max}, set to {@code initial} (clamped to the range). */
    public static IntSlider of(String name, int min, int max, int initial) {
        return new IntSlider(name, min, max, initial);
    }

    private IntSlider(String name, int min, int max, int initial) {
        super(name);
        if (min >= max) {
            throw new IllegalArgumentException("the slider " + name + " needs min < max, but it has min " + min + " and max " + max);
        }
        this.min = min;
        this.max = max;
        this.value = clamp(initial);
        this.slider = new SliderRow("IntSlider", name, min, max, 1, value, shown(), this::moved);
    }

    @Override
    public Integer value() {
        return value;
    }

    /** Sets the slider (clamped to its range), as if the learner had dragged it there. */
    public void set(int newValue) {
        value = clamp(newValue);
        slider.moveTo(value);
        slider.show(shown());
        changed();
    }

    private void moved(double position) {
        value = clamp(Math.round(position));
        if (value != position) slider.moveTo(value);   // the front end shows where the value really is
        slider.show(shown());
        changed();
    }

    private int clamp(long v) {
        return (int) Math.max(min, Math.min(max, v));
    }

    @Override
    String shown() {
        return Integer.toString(value);
    }

    @Override
    Model model() {
        return slider.row;
    }
}
