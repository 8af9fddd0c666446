package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;

import java.util.UUID;

/**
 * What a cell calls when it uses {@code render}, {@code display} or {@code updateDisplay}: the
 * notebook surface of IJava 1.3.0. The cell's own versions of these functions (defined by
 * {@link JavaKernel#STARTUP}) reach this class by reflection, so a cell sees no kernel class at
 * compile time and a notebook cannot come to depend on anything IJava lacks.
 */
public final class NotebookBridge {

    private NotebookBridge() {}

    /** {@code render(o)} or {@code render(o, "text/html", ...)}: the object as display data. */
    public static DisplayData render(Object o, String... mimeTypes) {
        BaseKernel kernel = BaseKernel.notebookKernel();
        return mimeTypes.length == 0
                ? kernel.getRenderer().render(o)
                : kernel.getRenderer().renderAs(o, mimeTypes);
    }

    /** {@code display(o, ...)}: shows the object now and returns the display's id. */
    public static String display(Object o, String... mimeTypes) {
        DisplayData data = render(o, mimeTypes);
        if (!data.hasDisplayId()) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        System.out.flush();
        BaseKernel.notebookKernel().display(data);
        return data.getDisplayId();
    }

    /** {@code updateDisplay(id, o, ...)}: replaces what an earlier {@code display} showed. */
    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        DisplayData data = render(o, mimeTypes);
        BaseKernel.notebookKernel().getIO().display.updateDisplay(id, data);
    }

    /**
     * Clears the cell's output (Jupyter's clear_output). Not part of IJava's surface, so the
     * course's notebooks do not use it; the kernel's protocol tests do.
     */
    public static void clearOutput() {
        System.out.flush();
        ((JavaKernel) BaseKernel.notebookKernel()).publish(PublishClearOutput.NOW);
    }
}
