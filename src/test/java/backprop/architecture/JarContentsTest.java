package backprop.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two jars the build makes (target/, by environment/setup's mvn package) hold what each
 * needs and nothing of the other's: the shade plugin's two hand-kept lists, checked.
 */
class JarContentsTest {

    private static final Path TARGET = Path.of("target");
    private static final List<String> KERNEL_ONLY = List.of("backprop/kernel/", "org/dflib/jjava/", "org/zeromq/",
            "zmq/", "com/neilalexander/", "org/objectweb/asm/", "com/google/gson/");
    private static final List<String> COURSE_ONLY = List.of("backprop/course/", "org/ejml/", "org/knowm/xchart/",
            "tech/tablesaw/");

    private static List<String> entries(String jar) throws IOException {
        Path path = TARGET.resolve(jar);
        assertTrue(Files.exists(path), path + " is missing: build it with environment/setup (or mvn package) first");
        try (JarFile file = new JarFile(path.toFile())) {
            return file.stream().map(ZipEntry::getName).toList();
        }
    }

    private static List<String> under(List<String> entries, List<String> folders) {
        return entries.stream().filter(e -> folders.stream().anyMatch(e::startsWith)).toList();
    }

    @Test
    void theCourseLibrarysJarHoldsTheCourseAndItsLibrariesOnly() throws IOException {
        List<String> entries = entries("backprop-course.jar");
        assertEquals(List.of(), under(entries, KERNEL_ONLY));
        for (String needed : COURSE_ONLY) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith(needed) && e.endsWith(".class")), "no " + needed);
        }
    }

    @Test
    void theKernelsJarHoldsTheKernelAndItsLibrariesOnly() throws IOException {
        List<String> entries = entries("backprop-kernel.jar");
        assertEquals(List.of(), under(entries, COURSE_ONLY));
        for (String needed : KERNEL_ONLY) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith(needed) && e.endsWith(".class")), "no " + needed);
        }
        assertTrue(entries.contains("backprop/kernel/KernelMain.class"));
    }
}
