package backprop.course;

import org.ejml.simple.SimpleMatrix;

import java.util.Arrays;

/**
 * The checks after each exercise. A check cell calls {@link #check} with the checks to run; it
 * prints one line when all pass and fails with a message that says what is wrong otherwise.
 * Introduced in notebook 01.
 */
public final class Exercise {

    private Exercise() {}

    /** Something a check can run: the learner's code may throw anything. */
    @FunctionalInterface
    public interface Checks {
        void run() throws Exception;
    }

    /**
     * Runs the checks of one exercise. An exercise not done yet (its code still throws
     * UnsupportedOperationException) and a wrong answer each fail with a message naming it.
     */
    public static void check(String exercise, Checks checks) {
        try {
            checks.run();
        } catch (UnsupportedOperationException e) {
            // the sentence is the feedback: no cause, so no trace repeats it
            throw new AssertionError(exercise + " is not done yet: write your code between "
                    + "// BEGIN SOLUTION and // END SOLUTION in the exercise cell, run that cell, then this one.");
        } catch (AssertionError e) {
            throw new AssertionError(exercise + ": " + e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(exercise + ": your code threw " + e, e);
        }
        System.out.println("✓ " + exercise + ": correct.");
    }

    /** Fails unless {@code actual} is within {@code tolerance} of {@code expected}. */
    public static void expectClose(String what, double actual, double expected, double tolerance) {
        if (Double.isNaN(actual) || !(Math.abs(actual - expected) <= tolerance)) {
            throw new AssertionError(what + " is " + actual + ", expected " + expected
                    + (Double.isNaN(actual) ? "" : " (off by " + Math.abs(actual - expected) + ")"));
        }
    }

    /**
     * Fails unless the matrix has the expected shape and entries; the message names the wrong
     * shape ("dJdW2 has shape 1x3, expected 3x1") or the first wrong entry ("dJdW2[1][0] is ...").
     */
    public static void expectMatrix(String what, SimpleMatrix actual, SimpleMatrix expected, double tolerance) {
        if (actual == null) {
            throw new AssertionError(what + " is null, expected a " + shape(expected) + " matrix");
        }
        if (actual.numRows() != expected.numRows() || actual.numCols() != expected.numCols()) {
            throw new AssertionError(what + " has shape " + shape(actual) + ", expected " + shape(expected));
        }
        for (int r = 0; r < expected.numRows(); r++) {
            for (int c = 0; c < expected.numCols(); c++) {
                expectClose(what + "[" + r + "][" + c + "]", actual.get(r, c), expected.get(r, c), tolerance);
            }
        }
    }

    private static String shape(SimpleMatrix m) {
        return m.numRows() + "x" + m.numCols();
    }

    /** Fails unless both arrays have the same length and every entry is within tolerance; names the first wrong one. */
    public static void expectClose(String what, double[] actual, double[] expected, double tolerance) {
        if (actual == null) {
            throw new AssertionError(what + " is null, expected " + Arrays.toString(expected));
        }
        if (actual.length != expected.length) {
            throw new AssertionError(what + " has " + actual.length + " entries, expected " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            expectClose(what + "[" + i + "]", actual[i], expected[i], tolerance);
        }
    }
}
