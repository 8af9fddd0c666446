package backprop.course;

import org.ejml.simple.SimpleMatrix;

import java.util.List;
import java.util.Random;

/**
 * Lesson 08's network: 64 pixels in, a hidden layer of sigmoid nodes, 10 softmax outputs (one per
 * digit), with biases; notebook 04's matrix backpropagation with two changes at the output, softmax
 * instead of the sigmoid and cross-entropy instead of ½Σ(y − ŷ)², which together make the output's δ
 * simply ŷ − y (divided by N: the cost is a mean).
 */
public final class DigitsNetwork implements SoftmaxClassifier {

    public final int hiddenLayerSize;

    /** Weights: inputs → hidden (64 × h) and hidden → output (h × 10); biases: 1 × h and 1 × 10. */
    public final SimpleMatrix W1, b1, W2, b2;

    /** What the last {@link #forward} computed, kept for backpropagation. */
    public SimpleMatrix z2, a2, z3, yHat;

    /**
     * A network whose weights are drawn from the normal distribution with standard deviation
     * 1/√(inputs to the node), seeded, and whose biases start at 0. With 64 inputs a standard deviation
     * of 1 (notebook 04's) would give sums z of about ±4 and sigmoids near their flat ends, where they
     * barely learn; divided by √64 the sums start near ±0.5, where the sigmoid's slope is steepest.
     */
    public DigitsNetwork(int hiddenLayerSize, long seed) {
        if (hiddenLayerSize < 1) {
            throw new IllegalArgumentException("the hidden layer needs at least 1 node, not " + hiddenLayerSize
                    + " (for none, use SoftmaxRegression)");
        }
        this.hiddenLayerSize = hiddenLayerSize;
        Random random = new Random(seed);
        W1 = gaussian(Digits.PIXELS, hiddenLayerSize, random);
        W2 = gaussian(hiddenLayerSize, Digits.DIGITS, random);
        b1 = new SimpleMatrix(1, hiddenLayerSize);
        b2 = new SimpleMatrix(1, Digits.DIGITS);
    }

    private static SimpleMatrix gaussian(int rows, int cols, Random random) {
        SimpleMatrix m = new SimpleMatrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) m.set(r, c, random.nextGaussian() / Math.sqrt(rows));
        }
        return m;
    }

    @Override
    public SimpleMatrix forward(SimpleMatrix X) {
        // z2 = X·W1 + 1·b1
        z2 = SoftmaxClassifier.plusRow(X.mult(W1), b1);
        // a2 = f(z2)
        a2 = Activations.sigmoid(z2);
        // z3 = a2·W2 + 1·b2
        z3 = SoftmaxClassifier.plusRow(a2.mult(W2), b2);
        // ŷ = softmax(z3)
        yHat = Activations.softmax(z3);
        return yHat;
    }

    @Override
    public SimpleMatrix[] gradients(SimpleMatrix X, SimpleMatrix y) {
        forward(X);
        // δ3 = (ŷ − y) / N
        SimpleMatrix delta3 = yHat.minus(y).divide(X.numRows());
        // δ2 = δ3·W2ᵀ ∘ f'(z2), notebook 04's step back through the hidden layer
        SimpleMatrix delta2 = delta3.mult(W2.transpose()).elementMult(Activations.sigmoidPrime(z2));
        // ∂J/∂W1 = Xᵀ·δ2, ∂J/∂b1 = 1ᵀ·δ2, ∂J/∂W2 = a2ᵀ·δ3, ∂J/∂b2 = 1ᵀ·δ3
        return new SimpleMatrix[] {X.transpose().mult(delta2), SoftmaxClassifier.columnSums(delta2),
                a2.transpose().mult(delta3), SoftmaxClassifier.columnSums(delta3)};
    }

    @Override
    public SimpleMatrix[] parameters() {
        return new SimpleMatrix[] {W1, b1, W2, b2};
    }

    @Override
    public List<String> parameterNames() {
        return List.of("W1", "b1", "W2", "b2");
    }
}
