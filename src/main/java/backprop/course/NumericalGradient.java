package backprop.course;

import java.util.function.DoubleUnaryOperator;

/**
 * Derivatives by central differences: nudge the input a little each way and see how the output
 * moves. Slow (two evaluations per derivative) but needs no calculus, which makes it the
 * independent check of every derivative the course works out. Introduced in notebook 01
 * (written out there), in the library from notebook 02 on.
 */
public final class NumericalGradient {

    private NumericalGradient() {}

    /** The slope of f at x. */
    public static double centralDifference(DoubleUnaryOperator f, double x, double h) {
        // f'(x) ≈ (f(x + h) − f(x − h)) / 2h
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }
}
