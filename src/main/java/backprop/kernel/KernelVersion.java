package backprop.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The kernel's name and version (the course's, as Maven wrote it into backprop-course.properties). */
final class KernelVersion {
    /** The kernel's implementation name, in kernel_info and in the version line of the course's first cells. */
    static final String IMPLEMENTATION = "backprop-course-java";
    static final String VERSION = read();

    private KernelVersion() {}

    private static String read() {
        try (InputStream in = KernelVersion.class.getResourceAsStream("/backprop-course.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("course.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
