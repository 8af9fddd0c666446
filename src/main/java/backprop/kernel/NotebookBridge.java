package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * What a cell calls when it uses {@code render}, {@code display} or {@code updateDisplay}: the
 * notebook surface of IJava 1.3.0, with IJava's signatures (one varargs method each), imported
 * into every session by {@link ShellStart#STARTUP}. jjava-jupyter's {@link BaseNotebookStatics}
 * does the work; {@code display} first sends what the cell printed, so text printed before a
 * chart shows above it.
 */
public final class NotebookBridge {

    private NotebookBridge() {}

    /** {@code render(o)} or {@code render(o, "text/html", ...)}: the object as display data. */
    public static DisplayData render(Object o, String... mimeTypes) {
        return mimeTypes.length == 0 ? BaseNotebookStatics.render(o) : BaseNotebookStatics.render(o, mimeTypes);
    }

    /** {@code display(o, ...)}: shows the object now and returns the display's id. */
    public static String display(Object o, String... mimeTypes) {
        System.out.flush();
        return mimeTypes.length == 0 ? BaseNotebookStatics.display(o) : BaseNotebookStatics.display(o, mimeTypes);
    }

    /** {@code updateDisplay(id, o, ...)}: replaces what an earlier {@code display} showed. */
    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        if (mimeTypes.length == 0) {
            BaseNotebookStatics.updateDisplay(id, o);
        } else {
            BaseNotebookStatics.updateDisplay(id, o, mimeTypes);
        }
    }
}
