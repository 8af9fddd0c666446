package backprop.course;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExerciseTest {

    @Test
    void anExerciseNotDoneYetSaysSo() {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.check("Exercise 1", () -> {
            throw new UnsupportedOperationException("Exercise 1: your code goes here");
        }));
        assertTrue(e.getMessage().startsWith("Exercise 1 is not done yet"), e.getMessage());
    }

    @Test
    void aWrongEntryIsNamed() {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.check("Exercise 2", () ->
                Exercise.expectClose("yHat", new double[] {1, 2, 3}, new double[] {1, 2, 4}, 1e-9)));
        assertTrue(e.getMessage().contains("Exercise 2: yHat[2] is 3.0, expected 4.0"), e.getMessage());
    }

    @Test
    void aWrongLengthIsNamed() {
        AssertionError e = assertThrows(AssertionError.class, () ->
                Exercise.expectClose("residuals", new double[2], new double[3], 0));
        assertTrue(e.getMessage().contains("residuals has 2 entries, expected 3"), e.getMessage());
    }

    @Test
    void aMatrixOfTheWrongShapeIsNamed() {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.expectMatrix("dJdW2",
                new org.ejml.simple.SimpleMatrix(1, 3), new org.ejml.simple.SimpleMatrix(3, 1), 1e-9));
        assertTrue(e.getMessage().equals("dJdW2 has shape 1x3, expected 3x1"), e.getMessage());
        org.ejml.simple.SimpleMatrix expected = new org.ejml.simple.SimpleMatrix(new double[][] {{1}, {2}, {3}});
        org.ejml.simple.SimpleMatrix wrong = new org.ejml.simple.SimpleMatrix(new double[][] {{1}, {2.5}, {3}});
        e = assertThrows(AssertionError.class, () -> Exercise.expectMatrix("dJdW2", wrong, expected, 1e-9));
        assertTrue(e.getMessage().startsWith("dJdW2[1][0] is 2.5, expected 2.0"), e.getMessage());
    }

    @Test
    void nanIsNeverClose() {
        assertThrows(AssertionError.class, () -> Exercise.expectClose("J", Double.NaN, 0, 1));
    }
}
