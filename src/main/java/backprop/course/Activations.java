package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.ejml.simple.SimpleOperations;

import java.util.function.DoubleUnaryOperator;

/**
 * The activation functions of the three lessons, and the derivative backpropagation needs.
 * They use StrictMath, whose results are the same on every JVM, so that the notebooks' stored
 * numbers are reproduced digit for digit on any JDK (Math.exp may differ in the last bit).
 * Introduced in notebook 02 (sigmoid, sigmoidPrime) and notebook 03 (softplus); the matrix forms
 * in notebook 04; softmax in notebook 08.
 */
public final class Activations {

    private Activations() {}

    /** Welch Labs' f(z): the sigmoid, squashing any number into (0, 1). */
    public static double sigmoid(double z) {
        // f(z) = 1 / (1 + e^(−z))
        return 1 / (1 + StrictMath.exp(-z));
    }

    /** The sigmoid's derivative, written as Welch Labs writes it. Largest at z = 0, where it is 0.25. */
    public static double sigmoidPrime(double z) {
        double e = StrictMath.exp(-z);
        // f'(z) = e^(−z) / (1 + e^(−z))²
        return e / ((1 + e) * (1 + e));
    }

    /** The sigmoid of every entry of a matrix, as Welch Labs' numpy code applies it: a2 = f(z2). */
    public static SimpleMatrix sigmoid(SimpleMatrix z) {
        return map(z, Activations::sigmoid);
    }

    /** sigmoidPrime of every entry of a matrix: f'(z2). */
    public static SimpleMatrix sigmoidPrime(SimpleMatrix z) {
        return map(z, Activations::sigmoidPrime);
    }

    private static SimpleMatrix map(SimpleMatrix m, DoubleUnaryOperator f) {
        return m.elementOp((SimpleOperations.ElementOpReal) (row, column, value) -> f.applyAsDouble(value));
    }

    /**
     * Softmax, row by row (lesson 08): each row of scores becomes a row of probabilities, positive and
     * adding up to 1, the largest score the largest probability. The row's largest score is taken from
     * every score first: softmax does not change (e^(z−m) / Σ e^(z−m) = e^z / Σ e^z), and e^z of a large
     * score no longer overflows.
     */
    public static SimpleMatrix softmax(SimpleMatrix z) {
        SimpleMatrix p = new SimpleMatrix(z.numRows(), z.numCols());
        for (int r = 0; r < z.numRows(); r++) {
            double largest = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < z.numCols(); c++) largest = Math.max(largest, z.get(r, c));
            for (int c = 0; c < z.numCols(); c++) {
                p.set(r, c, StrictMath.exp(z.get(r, c) - largest));
                sum += p.get(r, c);
            }
            for (int c = 0; c < z.numCols(); c++) {
                // softmax(z)ₖ = e^(zₖ) / Σⱼ e^(zⱼ)
                p.set(r, c, p.get(r, c) / sum);
            }
        }
        return p;
    }

    /** StatQuest's softplus, a smooth ReLU. */
    public static double softplus(double x) {
        // sp(x) = ln(1 + e^x), written so that large x does not overflow
        return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
    }

    /** CampusX's linear activation: the node passes its weighted sum on unchanged. */
    public static double linear(double z) {
        // g(z) = z
        return z;
    }
}
