package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/**
 * What a cell calls when it uses {@code render}, {@code display} or {@code updateDisplay}: the
 * notebook surface of IJava 1.3.0, with IJava's signatures, imported into every session by
 * {@link JavaKernel#STARTUP}.
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
}
