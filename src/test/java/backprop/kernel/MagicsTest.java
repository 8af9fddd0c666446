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
    void anUnknownMagicNamesTheKnownOnes() {
        CellError e = assertThrows(CellError.class, () -> new Magics(p -> {}, n -> {}, code -> {}).run("%nosuchmagic x"));
        assertTrue(e.getMessage().contains("%nosuchmagic") && e.getMessage().contains("%classpath"), e.getMessage());
    }
}
