package backprop.course;

import org.ejml.simple.SimpleMatrix;

import java.util.concurrent.CancellationException;

/**
 * Trains Welch Labs' network by gradient descent on all its weights at once:
 * W = W − learningRate · dJ/dW, with the gradient from backpropagation. Introduced in notebook 04.
 * (Welch Labs' own code hands the gradient to scipy's BFGS; plain descent shows the idea.)
 */
public final class Training {

    private Training() {}

    /** Told about every iteration: which one, of how many, and the cost before its step. */
    @FunctionalInterface
    public interface Listener {
        void iteration(int iteration, int iterations, double cost);
    }

    /**
     * Runs {@code iterations} steps; returns the cost before each step and, last, after the last one
     * ({@code iterations + 1} numbers).
     *
     * @throws CancellationException when the kernel is interrupted; the network keeps the weights reached
     */
    public static double[] gradientDescent(WelchLabsNetwork net, SimpleMatrix X, SimpleMatrix y,
                                           double learningRate, int iterations, Listener listener) {
        if (iterations < 0 || iterations > 100_000_000) {
            throw new IllegalArgumentException("iterations must be between 0 and 100 000 000, not " + iterations);
        }
        double[] cost = new double[iterations + 1];
        for (int i = 0; i < iterations; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("training interrupted after " + i + " of " + iterations + " iterations");
            }
            cost[i] = net.costFunction(X, y);
            listener.iteration(i + 1, iterations, cost[i]);
            SimpleMatrix[] gradient = net.costFunctionPrime(X, y);
            // W1 = W1 − η · dJ/dW1
            net.W1 = net.W1.minus(gradient[0].scale(learningRate));
            // W2 = W2 − η · dJ/dW2
            net.W2 = net.W2.minus(gradient[1].scale(learningRate));
        }
        cost[iterations] = net.costFunction(X, y);
        return cost;
    }
}
