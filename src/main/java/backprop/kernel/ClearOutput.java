package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;

/**
 * Jupyter's clear_output for a cell: {@code backprop.kernel.ClearOutput.now()}. Not part of
 * IJava's surface (so not imported into cells, and the course's notebooks do not use it); the
 * kernel's protocol tests do.
 */
public final class ClearOutput {

    private ClearOutput() {}

    public static void now() {
        System.out.flush();
        ((JavaKernel) BaseKernel.notebookKernel()).publish(PublishClearOutput.NOW);
    }
}
