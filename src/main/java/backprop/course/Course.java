package backprop.course;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts about the course library itself. Every notebook's first cell prints
 * {@link #versions()} so a reader knows what produced the outputs.
 */
public final class Course {

    private static final Properties VERSIONS = load();

    private Course() {}

    /** The versions behind a notebook's outputs: Java, the kernel, the course and its libraries. */
    public static String versions() {
        return String.join("\n",
                "Java      " + Runtime.version().feature() + " (" + System.getProperty("java.vendor") + ")",
                "kernel    " + System.getProperty("jupyter.kernel", "not the course's kernel (IJava or JJava?)"),
                "course    " + VERSIONS.getProperty("course.version"),
                "EJML      " + VERSIONS.getProperty("ejml.version"),
                "XChart    " + VERSIONS.getProperty("xchart.version"),
                "Tablesaw  " + VERSIONS.getProperty("tablesaw.version"));
    }

    private static Properties load() {
        try (InputStream in = Course.class.getResourceAsStream("/backprop-course.properties")) {
            Properties p = new Properties();
            if (in == null) throw new IllegalStateException("backprop-course.properties is missing from the jar: rebuild it with mvn package");
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
