package backprop.course;

import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.simple.SimpleMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Welch Labs' network: 2 inputs (hours of sleep, hours of study), a hidden layer of sigmoid
 * nodes (3 in the lesson), 1 sigmoid output (the test score / 100), no biases. Method names
 * are the lesson's. Introduced in notebook 01 (forward, costFunction); backpropagation
 * (costFunctionPrime) is notebook 04's subject.
 */
public final class WelchLabsNetwork {

    public final int inputLayerSize = 2;
    public final int outputLayerSize = 1;
    public final int hiddenLayerSize;

    /** Weights: input -> hidden (inputLayerSize x hiddenLayerSize) and hidden -> output (hiddenLayerSize x 1). */
    public SimpleMatrix W1, W2;

    /** What the last {@link #forward} computed, kept for backpropagation. */
    public SimpleMatrix z2, a2, z3, yHat;

    /**
     * A network with weights drawn from the standard normal distribution, seeded so that every
     * run draws the same ones (the lesson draws them unseeded). W1 is drawn first, row by row.
     */
    public WelchLabsNetwork(int hiddenLayerSize, long seed) {
        this.hiddenLayerSize = hiddenLayerSize;
        Random random = new Random(seed);
        this.W1 = gaussian(inputLayerSize, hiddenLayerSize, random);
        this.W2 = gaussian(hiddenLayerSize, outputLayerSize, random);
    }

    /**
     * A network with the given weights (copied): W1 is inputs × hidden (2 × h), W2 is hidden × 1.
     * Notebook 04 uses W1 = [[.1, .2, .3], [.4, .5, .6]], W2 = [.7, .8, .9]ᵀ, a case to check on paper.
     */
    public WelchLabsNetwork(SimpleMatrix W1, SimpleMatrix W2) {
        requireColumns("W2", W2, outputLayerSize);
        if (W1.numRows() != inputLayerSize || W1.numCols() != W2.numRows()) {
            throw new IllegalArgumentException("W1 has shape " + W1.numRows() + "x" + W1.numCols() + " and W2 " + W2.numRows()
                    + "x1: W1 needs " + inputLayerSize + " rows and one column per row of W2 (one per hidden node)");
        }
        this.hiddenLayerSize = W2.numRows();
        this.W1 = W1.copy();
        this.W2 = W2.copy();
    }

    /** The lesson's 2-3-1 network, weights drawn with seed 42. */
    public WelchLabsNetwork() {
        this(3, 42);
    }

    /** A matrix of standard normal draws, row by row (as numpy's randn fills one). */
    private static SimpleMatrix gaussian(int rows, int cols, Random random) {
        return SimpleMatrix.wrap(RandomMatrices_DDRM.rectangleGaussian(rows, cols, 0, 1, random));
    }

    /** The inputs X, each column divided by its maximum: [[0.3, 1], [0.5, 0.2], [1, 0.4]]. */
    public static SimpleMatrix X() {
        double[][] x = {{3, 5}, {5, 1}, {10, 2}};
        double[] max = {10, 5};
        for (double[] row : x) {
            for (int c = 0; c < row.length; c++) row[c] /= max[c];
        }
        return new SimpleMatrix(x);
    }

    /** The scores y divided by 100: [[0.75], [0.82], [0.93]]. */
    public static SimpleMatrix y() {
        return new SimpleMatrix(new double[][] {{0.75}, {0.82}, {0.93}});
    }

    /** Propagates inputs through the network: one row of X per example, one row of ŷ per example. */
    public SimpleMatrix forward(SimpleMatrix X) {
        requireColumns("X", X, inputLayerSize);
        // z2 = X·W1
        z2 = X.mult(W1);
        // a2 = f(z2)
        a2 = Activations.sigmoid(z2);
        // z3 = a2·W2
        z3 = a2.mult(W2);
        // ŷ = f(z3)
        yHat = Activations.sigmoid(z3);
        return yHat;
    }

    /** The cost J = ½ Σ (y − ŷ)², a single number. */
    public double costFunction(SimpleMatrix X, SimpleMatrix y) {
        SimpleMatrix error = y.minus(forward(X));
        // J = ½ Σ (y − ŷ)²
        return 0.5 * error.elementMult(error).elementSum();
    }

    /** The gradient of J: {dJdW1, dJdW2}, shaped like W1 and W2. */
    public SimpleMatrix[] costFunctionPrime(SimpleMatrix X, SimpleMatrix y) {
        forward(X);
        // delta3 = −(y − ŷ) ∘ f'(z3)
        SimpleMatrix delta3 = y.minus(yHat).negative().elementMult(Activations.sigmoidPrime(z3));
        // dJdW2 = a2ᵀ·delta3
        SimpleMatrix dJdW2 = a2.transpose().mult(delta3);
        // delta2 = (delta3·W2ᵀ) ∘ f'(z2)
        SimpleMatrix delta2 = delta3.mult(W2.transpose()).elementMult(Activations.sigmoidPrime(z2));
        // dJdW1 = Xᵀ·delta2
        SimpleMatrix dJdW1 = X.transpose().mult(delta2);
        return new SimpleMatrix[] {dJdW1, dJdW2};
    }

    /**
     * Welch Labs Part 7's cost: the mean over the N examples of ½(y − ŷ)², plus the weights' penalty
     * (λ/2)(ΣW1² + ΣW2²). The mean, not Part 4's sum, so that λ weighs the same against it for any N;
     * with λ = 0 it is {@link #costFunction} / N. Notebook 07.
     */
    public double regularisedCost(SimpleMatrix X, SimpleMatrix y, double lambda) {
        // J = ½ Σ (y − ŷ)² / N + (λ/2)(ΣW1² + ΣW2²)
        return costFunction(X, y) / X.numRows() + lambda / 2 * (W1.elementMult(W1).elementSum() + W2.elementMult(W2).elementSum());
    }

    /** The gradient of {@link #regularisedCost}: {dJdW1, dJdW2} = {Xᵀ·delta2 / N + λ·W1, a2ᵀ·delta3 / N + λ·W2}. */
    public SimpleMatrix[] regularisedCostPrime(SimpleMatrix X, SimpleMatrix y, double lambda) {
        SimpleMatrix[] sum = costFunctionPrime(X, y);
        double n = X.numRows();
        // dJdW1 = Xᵀ·delta2 / N + λ·W1
        SimpleMatrix dJdW1 = sum[0].divide(n).plus(W1.scale(lambda));
        // dJdW2 = a2ᵀ·delta3 / N + λ·W2
        SimpleMatrix dJdW2 = sum[1].divide(n).plus(W2.scale(lambda));
        return new SimpleMatrix[] {dJdW1, dJdW2};
    }

    /** {@link #regularisedCostPrime} as one vector, laid out like {@link #getParams()}. */
    public double[] computeRegularisedGradients(SimpleMatrix X, SimpleMatrix y, double lambda) {
        return unroll(regularisedCostPrime(X, y, lambda));
    }

    /** Told about every iteration of {@link #train}: which one, of how many, and the cost before its step. */
    @FunctionalInterface
    public interface IterationListener {
        void iteration(int iteration, int iterations, double cost);
    }

    /**
     * Trains by gradient descent on all weights at once, {@code iterations} steps of
     * W = W − learningRate · dJ/dW with the gradient from backpropagation. Returns the cost J
     * before each step and, last, after the last one (iterations 0 to {@code iterations}).
     * (Welch Labs' own code hands the gradient to scipy's BFGS; plain descent shows the idea.)
     *
     * @throws CancellationException when the kernel is interrupted; the network keeps the weights reached
     */
    public TrainingCurve train(SimpleMatrix X, SimpleMatrix y, double learningRate, int iterations,
                               IterationListener listener) {
        if (iterations < 0 || iterations > 100_000_000) {
            throw new IllegalArgumentException("iterations must be between 0 and 100 000 000, not " + iterations);
        }
        List<Double> cost = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("training interrupted after " + i + " of " + iterations + " iterations");
            }
            cost.add(costFunction(X, y));
            listener.iteration(i + 1, iterations, cost.get(i));
            SimpleMatrix[] gradient = costFunctionPrime(X, y);
            // W1 = W1 − η · dJ/dW1
            W1 = W1.minus(gradient[0].scale(learningRate));
            // W2 = W2 − η · dJ/dW2
            W2 = W2.minus(gradient[1].scale(learningRate));
        }
        cost.add(costFunction(X, y));
        return new TrainingCurve("iteration", "J", 0, cost);
    }

    /** All weights in one vector: W1 row by row, then W2. */
    public double[] getParams() {
        return unroll(W1, W2);
    }

    /** Sets all weights from one vector laid out as {@link #getParams()} lays them out. */
    public void setParams(double[] params) {
        int expected = W1.getNumElements() + W2.getNumElements();
        if (params.length != expected) {
            throw new IllegalArgumentException("this network has " + expected + " weights, not " + params.length);
        }
        int at = 0;
        for (SimpleMatrix m : new SimpleMatrix[] {W1, W2}) {
            System.arraycopy(params, at, m.getDDRM().getData(), 0, m.getNumElements());
            at += m.getNumElements();
        }
    }

    /** The gradient as one vector, laid out like {@link #getParams()}. */
    public double[] computeGradients(SimpleMatrix X, SimpleMatrix y) {
        return unroll(costFunctionPrime(X, y));
    }

    /** The matrices' entries in one vector, each matrix row by row (the order EJML keeps a dense matrix's entries in). */
    private static double[] unroll(SimpleMatrix... matrices) {
        double[] values = new double[java.util.Arrays.stream(matrices).mapToInt(SimpleMatrix::getNumElements).sum()];
        int at = 0;
        for (SimpleMatrix m : matrices) {
            System.arraycopy(m.getDDRM().getData(), 0, values, at, m.getNumElements());
            at += m.getNumElements();
        }
        return values;
    }

    private static void requireColumns(String name, SimpleMatrix m, int columns) {
        if (m.numCols() != columns) {
            throw new IllegalArgumentException(name + " has shape " + m.numRows() + "x" + m.numCols()
                    + ", expected one row per example and " + columns + " columns");
        }
    }
}
