package backprop.course.widgets;

import backprop.comm.Comms;
import backprop.course.Tables;
import tech.tablesaw.api.Table;

import java.awt.image.RenderedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A view that follows its controls: one line builds the controls and says what to show for their
 * values, and every change redraws it.
 * <pre>{@code
 * Interact.show(Slider.log("learning rate η", 0.01, 1, 0.1), rate -> descentChart(rate))
 * }</pre>
 * The view may return a chart ({@code Charts.image(...)}, any image), a Tablesaw {@link Table} or
 * anything else, shown as its text.
 *
 * <p>In JupyterLab or Jupyter Notebook with the course's kernel the cell shows the controls above the view, and
 * dragging redraws it: the newest value wins, the ones in between are skipped, the last one is
 * always drawn. If the view throws, its error shows under it and the controls go on working.
 * Where nothing draws widgets (nbconvert, the grader, the site, IJava, JJava) the cell shows the
 * view for the controls' first values and one line saying where they work: a stored notebook
 * shows the chart.
 */
public final class Interact extends Widget {

    private static final String WIDGETS_PACKAGE = Interact.class.getPackageName() + ".";

    private final List<Control<?>> controls;
    private final Supplier<?> view;
    private final Widget output;
    private final HtmlView problem = HtmlView.of("");
    private final Model column;

    /** The view of one control's value. */
    public static <T> Object show(Control<T> control, Function<? super T, ?> view) {
        return show(List.of(control), () -> view.apply(control.value()));
    }

    /** The view of two controls' values. */
    public static <A, B> Object show(Control<A> first, Control<B> second, BiFunction<? super A, ? super B, ?> view) {
        return show(List.of(first, second), () -> view.apply(first.value(), second.value()));
    }

    /**
     * A view of any number of controls, which reads their values itself.
     *
     * @return what the cell shows: the live widget, or (where nothing draws widgets) the view for
     *         the controls' first values
     */
    public static Object show(List<? extends Control<?>> controls, Supplier<?> view) {
        Object first = view.get();   // a mistake in the view fails the cell itself, as any other
        if (Comms.ofKernel().flatMap(Comms::widgetProtocol).isEmpty()) {
            System.out.println(stillLine(controls));
            return first instanceof Table table ? table.printAll() : first;
        }
        return new Interact(controls, view, first);
    }

    private Interact(List<? extends Control<?>> controls, Supplier<?> view, Object first) {
        this.controls = List.copyOf(controls);
        this.view = view;
        this.output = first instanceof RenderedImage image ? ImageView.of(image) : HtmlView.of(html(first));
        List<Model> parts = new ArrayList<>();
        controls.forEach(control -> parts.add(control.model()));
        parts.add(output.model());
        parts.add(problem.model());
        this.column = new Model("VBox", null, Map.of("children", parts, "box_style", ""));
        controls.forEach(control -> control.onChange(this::redraw));
    }

    /** "Shown for learning rate η = 0.1: in JupyterLab or Jupyter Notebook with the course's kernel, a slider here redraws it as you drag." */
    static String stillLine(List<? extends Control<?>> controls) {
        String values = controls.stream().map(Control::readout).collect(Collectors.joining(", "));
        boolean sliders = controls.stream().allMatch(c -> c instanceof Slider || c instanceof IntSlider);
        String what = controls.size() == 1 ? (sliders ? "a slider here redraws it as you drag"
                : "a control here redraws it as you change it")
                : (sliders ? "sliders here redraw it as you drag" : "controls here redraw it as you change them");
        return "Shown for " + values + ": in JupyterLab or Jupyter Notebook with the course's kernel, " + what + ".";
    }

    /** A control changed (on the kernel's callback thread, one change at a time): the view is drawn again. */
    private void redraw() {
        try {
            Object result = view.get();
            if (output instanceof ImageView image && result instanceof RenderedImage newImage) {
                image.show(newImage);
            } else if (output instanceof HtmlView html && !(result instanceof RenderedImage)) {
                html.html(html(result));
            } else {
                throw new IllegalStateException("the view returned " + (result instanceof RenderedImage ? "an image" : "no image")
                        + " this time, and " + (output instanceof ImageView ? "an image" : "no image")
                        + " the first time: it should return the same kind of thing every time");
            }
            if (!problem.html().isEmpty()) problem.html("");
        } catch (Throwable t) {   // the learner's mistake (or Kernel → Interrupt): said under the view, which stays
            String said = Comms.ofKernel().map(comms -> comms.describe(withoutWidgetFrames(t))).orElse(t.toString());
            problem.html(HtmlView.pre(said, "color:#b00020"));
        }
    }

    private static String html(Object result) {
        if (result instanceof Table table) return Tables.html(table);
        return HtmlView.pre(String.valueOf(result), "");
    }

    /** The learner's frames only: this library's, which called the view, are cut off (causes too). */
    private static Throwable withoutWidgetFrames(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            StackTraceElement[] stack = e.getStackTrace();
            int end = 0;
            while (end < stack.length && !stack[end].getClassName().startsWith(WIDGETS_PACKAGE)) end++;
            if (end > 0 && end < stack.length) e.setStackTrace(Arrays.copyOf(stack, end));
            if (e.getCause() == e) break;
        }
        return t;
    }

    /** The controls, as the learner set them now. */
    public List<Control<?>> controls() {
        return controls;
    }

    @Override
    Model model() {
        return column;
    }

    @Override
    public String toString() {
        return "Interact: " + controls.stream().map(Control::readout).collect(Collectors.joining(", "));
    }
}
