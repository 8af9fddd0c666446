package backprop.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell that failed, as the learner sees it: a name, a one-line message and a short trace
 * (the lines Jupyter shows under the cell). Never the kernel's own stack.
 */
final class CellError extends RuntimeException {
    final String name;
    final List<String> traceback;

    CellError(String name, String message, List<String> traceback) {
        super(message, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    CellError(String name, String message) {
        this(name, message, List.of(name + ": " + message));
    }

    /** The same error with one more line at the end of its trace. */
    CellError withNote(String note) {
        List<String> lines = new ArrayList<>(traceback);
        lines.add(note);
        return new CellError(name, getMessage(), lines);
    }
}
