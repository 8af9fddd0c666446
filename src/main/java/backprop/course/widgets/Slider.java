package backprop.course.widgets;

import backprop.course.Numbers;

/**
 * A slider for a real number, on a linear scale ({@link #of}) or a logarithmic one ({@link #log}:
 * equal distances are equal factors, for a learning rate or an ε that spans powers of ten). Its
 * name is on its left, its value on its right. A value from outside its range is clamped to it.
 */
public final class Slider extends Control<Double> {

    /** Positions along the slider: fine enough that dragging looks continuous. */
    static final int STEPS = 200;

    private final double min;
    private final double max;
    private final boolean logScale;
    private final SliderRow slider;
    private volatile double value;

    /** A slider from {@code min} to {@code max}, set to {@code initial}. */
    public static Slider of(String name, double min, double max, double initial) {
        return new Slider(name, min, max, initial, false);
    }

    /** A slider on a logarithmic scale from {@code min} to {@code max} (both above 0), set to {@code initial}. */
    public static Slider log(String name, double min, double max, double initial) {
        if (!(min > 0)) {
            throw new IllegalArgumentException("a logarithmic slider's range must be above 0, but " + name + " starts at " + min);
        }
        return new Slider(name, min, max, initial, true);
    }

    private Slider(String name, double min, double max, double initial, boolean logScale) {
        super(name);
        if (!(min < max)) {
            throw new IllegalArgumentException("the slider " + name + " needs min < max, but it has min " + min + " and max " + max);
        }
        this.min = min;
        this.max = max;
        this.logScale = logScale;
        this.value = clamp(initial);
        double from = position(min), to = position(max);
        this.slider = new SliderRow("FloatSlider", name, from, to, (to - from) / STEPS, position(value), shown(), this::moved);
    }

    @Override
    public Double value() {
        return value;
    }

    /** Sets the slider (clamped to its range), as if the learner had dragged it there. */
    public void set(double newValue) {
        value = clamp(newValue);
        slider.moveTo(position(value));
        slider.show(shown());
        changed();
    }

    /** The learner dragged the slider to {@code position} (on a log scale, the value's log10). */
    private void moved(double position) {
        double wanted = logScale ? Math.pow(10, position) : position;
        value = clamp(wanted);
        if (value != wanted) slider.moveTo(position(value));   // the front end shows where the value really is
        slider.show(shown());
        changed();
    }

    private double clamp(double v) {
        if (Double.isNaN(v)) return min;
        return Math.max(min, Math.min(max, v));
    }

    private double position(double v) {
        return logScale ? Math.log10(v) : v;
    }

    @Override
    String shown() {
        return Numbers.significant(value, 3);
    }

    @Override
    Model model() {
        return slider.row;
    }
}
