package backprop.course;

import org.ejml.simple.SimpleMatrix;

import java.util.concurrent.CancellationException;
import java.util.function.DoubleUnaryOperator;

/**
 * Derivatives by central differences: nudge the input a little each way and see how the output
 * moves. Slow (two evaluations per derivative) but needs no calculus, which makes it the
 * independent check of every derivative the course works out. Introduced in notebook 01
 * (written out there), in the library from notebook 02 on; over a whole network in notebook 05.
 */
public final class NumericalGradient {

    private NumericalGradient() {}

    /**
     * Welch Labs' computeNumericalGradient: for each unrolled weight, nudge it by ±e and measure
     * the cost, two cost evaluations per weight. The network's weights are put back afterwards.
     */
    public static double[] computeNumericalGradient(WelchLabsNetwork net, SimpleMatrix X, SimpleMatrix y, double e) {
        double[] params = net.getParams();
        double[] numgrad = new double[params.length];
        try {
            for (int p = 0; p < params.length; p++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("numerical gradient interrupted at weight " + p + " of " + params.length);
                }
                double[] perturbed = params.clone();
                perturbed[p] = params[p] + e;
                net.setParams(perturbed);
                double loss2 = net.costFunction(X, y);
                perturbed[p] = params[p] - e;
                net.setParams(perturbed);
                double loss1 = net.costFunction(X, y);
                // numgrad = (J(w + e) − J(w − e)) / 2e
                numgrad[p] = (loss2 - loss1) / (2 * e);
            }
        } finally {
            net.setParams(params);
        }
        return numgrad;
    }

    /** The slope of f at x. */
    public static double centralDifference(DoubleUnaryOperator f, double x, double h) {
        // f'(x) ≈ (f(x + h) − f(x − h)) / 2h
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }
}
