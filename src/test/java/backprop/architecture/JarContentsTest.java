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
    private static final List<String> KERNEL_ONLY = List.of("backprop/kernel/", "org/dflib/jjava/");
    /** The kernel's own libraries, which its jar holds only under {@link #LIBRARIES_MOVED}, out of the cells' way. */
    private static final List<String> LIBRARIES = List.of("org/zeromq/", "zmq/", "com/neilalexander/", "org/objectweb/asm/",
            "com/google/gson/", "org/slf4j/");
    private static final String LIBRARIES_MOVED = "backprop/kernel/lib/";
    private static final List<String> COURSE_ONLY = List.of("backprop/course/", "org/ejml/", "org/knowm/xchart/",
            "tech/tablesaw/", "com/github/lbfgs4j/");

    /** Maven's resolver and what it brings, which the kernel's jar holds only under {@link #MAVEN_MOVED}. */
    private static final List<String> MAVEN = List.of("org/apache/maven/", "org/eclipse/aether/", "org/apache/http/",
            "org/apache/commons/codec/", "org/apache/commons/logging/", "org/codehaus/plexus/", "javax/inject/");
    private static final String MAVEN_MOVED = "backprop/kernel/maven/";

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
        assertTrue(entries.stream().anyMatch(e -> e.startsWith(MAVEN_MOVED + "org/eclipse/aether/")), "Maven's resolver is in");
        assertEquals(List.of(), under(entries, MAVEN), "Maven's resolver and its libraries are moved under " + MAVEN_MOVED
                + ", out of the way of a notebook's own %maven jars");
        for (String library : LIBRARIES) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith(LIBRARIES_MOVED + library) && e.endsWith(".class")),
                    "the kernel's jar holds " + library + " under " + LIBRARIES_MOVED);
        }
        assertEquals(List.of(), under(entries, LIBRARIES), "the kernel's libraries are moved under " + LIBRARIES_MOVED);
    }

    @Test
    void neitherJarHoldsMavensResolverWhereANotebooksJarsLive() throws IOException {
        assertEquals(List.of(), under(entries("backprop-course.jar"), MAVEN));
        assertEquals(List.of(), under(entries("backprop-course.jar"), List.of(MAVEN_MOVED)));
    }
}
