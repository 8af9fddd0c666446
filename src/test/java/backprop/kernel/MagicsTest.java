package backprop.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MagicsTest {

    @Test
    void argumentsSplitOnSpacesAndKeepQuotedParts() {
        assertEquals(List.of("classpath", "a b.jar", "c.jar"), Magics.splitArgs("classpath \"a b.jar\"  c.jar"));
        assertEquals(List.of(), Magics.splitArgs("   "));
    }

    @Test
    void globsMatchFilesInTheirFolder(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("one.jar"));
        Files.createFile(dir.resolve("two.jar"));
        Files.createFile(dir.resolve("notes.txt"));
        List<Path> jars = Magics.resolve(dir + "/*.jar");
        assertEquals(List.of(dir.resolve("one.jar"), dir.resolve("two.jar")), jars);
        assertEquals(List.of(), Magics.resolve(dir + "/*.zip"));
        assertEquals(List.of(), Magics.resolve(dir + "/missing.jar"));
    }

    @Test
    void aMissingFileIsAClearErrorAndAddsNothing(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("here.jar"));
        List<String> added = new ArrayList<>();
        Magics magics = new Magics(added::add, name -> {}, code -> {});
        CellError e = assertThrows(CellError.class, () -> magics.run("%classpath " + dir.resolve("here.jar") + " " + dir.resolve("gone.jar")));
        assertTrue(e.getMessage().contains("gone.jar"), e.getMessage());
        assertEquals(List.of(), added, "nothing is added when one path is wrong");
        magics.run("%jars " + dir + "/*.jar");
        assertEquals(List.of(dir.resolve("here.jar").toString()), added);
    }

    @Test
    void aLessonCopiedOutOfTheCourseFindsTheLibraryFromTheCoursesNotebooks(@TempDir Path course) throws Exception {
        Files.createDirectories(course.resolve("notebooks"));
        Files.createDirectories(course.resolve("target"));
        String jar = "course-library-" + course.getFileName() + ".jar";   // named nowhere near the tests' folder
        Files.createFile(course.resolve("target").resolve(jar));
        List<String> added = new ArrayList<>();
        Magics magics = new Magics(added::add, name -> {}, code -> {}, () -> course.resolve("notebooks"));
        magics.run("%classpath ../target/" + jar);
        assertEquals(List.of(course.resolve("target").resolve(jar).toString()), added);
        CellError e = assertThrows(CellError.class, () -> magics.run("%classpath ../target/no-such.jar"));
        assertTrue(e.getMessage().contains("the course's notebooks/"), e.getMessage());
        assertThrows(CellError.class, () -> new Magics(p -> {}, n -> {}, code -> {}, () -> null).run("%classpath ../target/" + jar),
                "without a course, relative paths start in the notebook's folder only");
    }

    @Test
    void theLibraryIsFoundWhenTheCoursesNotebooksCannotBeEntered(@TempDir Path course) throws Exception {
        // on a class's hub notebooks/ (the answers) is root's alone: ../target from it is read as a name, not walked
        Files.createDirectories(course.resolve("target"));
        Files.createFile(course.resolve("target").resolve("library.jar"));
        List<String> added = new ArrayList<>();
        new Magics(added::add, name -> {}, code -> {}, () -> course.resolve("notebooks")).run("%classpath ../target/library.jar");
        assertEquals(List.of(course.resolve("target").resolve("library.jar").toString()), added);
    }

    @Test
    void theKernelsCourseIsTheCloneItWasBuiltIn() {
        // the tests run from target/test-classes with the kernel's classes in target/classes: the clone is the working folder
        assertEquals(Path.of("notebooks").toAbsolutePath(), Magics.courseNotebooks());
    }

    @Test
    void anUnknownMagicNamesTheKnownOnes() {
        CellError e = assertThrows(CellError.class, () -> new Magics(p -> {}, n -> {}, code -> {}).run("%nosuchmagic x"));
        assertTrue(e.getMessage().contains("%nosuchmagic") && e.getMessage().contains("%classpath"), e.getMessage());
    }
}
