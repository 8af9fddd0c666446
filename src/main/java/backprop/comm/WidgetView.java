package backprop.comm;

/**
 * A widget to show in the notebook: a kernel that offers {@link Comms} shows such a value (a
 * cell's result, or {@code display(...)}'s argument) as the live widget whose model is the comm
 * {@link #modelId} (Jupyter's {@code application/vnd.jupyter.widget-view+json} output).
 */
public interface WidgetView {
    /** The id of the comm that holds the widget's model. */
    String modelId();
}
