package backprop.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the kernel: {@code java -jar backprop-kernel.jar <connection-file>}, as the kernelspec
 * that environment/setup installs says.
 */
public final class KernelMain {

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar backprop-kernel.jar <jupyter-connection-file.json>");
            System.exit(2);
        }
        KernelConnectionProperties connection = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        System.setProperty("java.awt.headless", "true");
        // the course library's version cell names the kernel it runs under
        System.setProperty("jupyter.kernel", KernelVersion.IMPLEMENTATION + " " + KernelVersion.VERSION);

        JavaKernel kernel = new JavaKernel();
        JupyterConnection jupyter = new KernelConnection(connection);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(jupyter);
        jupyter.connect();
        jupyter.waitUntilClose();
        System.exit(0);
    }
}
