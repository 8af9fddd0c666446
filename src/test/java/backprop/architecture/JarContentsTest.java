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

    /** The comms contract both jars hold (the kernel's copy is the one the course's widgets then see). */
    private static final String COMMS = "backprop/comm/Comms.class";

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

    /** The jar's entries: classes from each of its own folders, none from the other jar's. Returns the entries. */
    private static List<String> assertHoldsOnly(String jar, List<String> own, List<String> others) throws IOException {
        List<String> entries = entries(jar);
        assertEquals(List.of(), under(entries, others), jar + " holds the other jar's classes");
        for (String needed : own) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith(needed) && e.endsWith(".class")), jar + ": no " + needed);
        }
        return entries;
    }

    @Test
    void theCourseLibrarysJarHoldsTheCourseAndItsLibrariesOnly() throws IOException {
        assertTrue(assertHoldsOnly("backprop-course.jar", COURSE_ONLY, KERNEL_ONLY).contains(COMMS));
    }

    @Test
    void theKernelsJarHoldsTheKernelAndItsLibrariesOnly() throws IOException {
        List<String> entries = assertHoldsOnly("backprop-kernel.jar", KERNEL_ONLY, COURSE_ONLY);
        assertTrue(entries.contains("backprop/kernel/KernelMain.class"));
        assertTrue(entries.contains(COMMS), "the kernel's jar holds the comms contract, which the course's widgets find");
    }
}
