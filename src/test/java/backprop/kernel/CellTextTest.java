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
    void onlyTheTopLevelDeclaresNotLocalsParametersOrFields() {
        String exercise = "double nextB3(double b3) {\n    double steps = b3 * 0.1\n    return b3 - steps;\n}";
        assertTrue(CellText.declares(exercise, "nextB3"));
        assertFalse(CellText.declares(exercise, "steps"), "a local variable");
        assertFalse(CellText.declares(exercise, "b3"), "a parameter");
        assertFalse(CellText.declares("Function<Double, Double> f = steps -> {\n  double x = steps\n};", "steps"), "a lambda's parameter");
        assertTrue(CellText.declares("Function<Double, Double> f = steps -> {\n  double x = steps\n};", "f"));
        assertFalse(CellText.declares("class Net {\n    double steps = 1\n    class Inner { int rate = 2; }\n}", "steps"), "a field");
        assertFalse(CellText.declares("class Net {\n    class Inner { int rate = 2 }\n}", "rate"), "a nested class's field");
        assertFalse(CellText.declares("record Step(double steps, int rate) {\n  Step { x = }\n}", "steps"), "a record's component");
        assertTrue(CellText.declares("record Step(double steps, int rate) {\n  Step { x = }\n}", "Step"));
        assertFalse(CellText.declares("String s = \"{\";\ndouble steps() { return 1\n}\n// int rate = 3\n", "rate"), "a comment");
        assertTrue(CellText.declares("String s = \"{\";\ndouble steps() { return 1\n}", "steps"), "a brace in a string");
        assertTrue(CellText.declares("/* } */ int rate = 3 +", "rate"));
    }

    @Test
    void magicLinesAreTheOnesStartingWithPercent() {
        assertTrue(CellText.isMagicLine("  %classpath x.jar"));
        assertFalse(CellText.isMagicLine("int p = 5 % 2;"));
        assertEquals("int a;\n", CellText.withoutMagicLines("%jars x.jar\nint a;"));
    }
}
