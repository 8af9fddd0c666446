package backprop.course.widgets;

import backprop.comm.WidgetView;

/**
 * Something the learner sees and may change in a running notebook: a slider, a dropdown, a chart
 * that redraws. Shown as a cell's value (or with {@code display}) it is the live widget, in
 * JupyterLab, Notebook 7 or Notebook 6 with the course's kernel; {@link Interact} is the usual way to make one.
 */
public abstract class Widget implements WidgetView {

    /** The model the notebook shows: for a slider, the row of its name, the slider and its value. */
    abstract Model model();

    @Override
    public String modelId() {
        return model().id();
    }

    /** Takes the widget off the page and lets its comms go. */
    public void close() {
        model().close();
    }
}
