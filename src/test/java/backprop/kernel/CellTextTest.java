package backprop.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellTextTest {

    @Test
    void aDeclarationIsFoundInSourceThatDoesNotParse() {
        assertTrue(CellText.declares("double costJ(double[] y, double[] yHat) {\n    return 0\n}", "costJ"));
        assertTrue(CellText.declares("static class Bad {\n  int x = 1 /\n}", "Bad"));
        assertTrue(CellText.declares("double[] weights = {1, 2,", "weights"));
        assertFalse(CellText.declares("double j = costJ(y, yHat)", "costJ"), "a call is not a declaration");
        assertFalse(CellText.declares("double costJX() { return 0 }", "costJ"));
    }

    @Test
    void magicLinesAreTheOnesStartingWithPercent() {
        assertTrue(CellText.isMagicLine("  %classpath x.jar"));
        assertFalse(CellText.isMagicLine("int p = 5 % 2;"));
        assertEquals("int a;\n", CellText.withoutMagicLines("%jars x.jar\nint a;"));
    }
}
