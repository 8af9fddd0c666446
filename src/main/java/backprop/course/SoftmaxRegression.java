package backprop.course;

import org.ejml.simple.SimpleMatrix;

import java.util.List;

/**
 * Softmax regression (lesson 08's baseline): no hidden layer, each digit's score a weighted sum of
 * the 64 pixels plus a bias, ŷ = softmax(X·W + 1·b). Its cost is convex, so it starts from zeros: every
 * start reaches the same minimum. What a hidden layer adds is measured against it.
 */
public final class SoftmaxRegression implements SoftmaxClassifier {

    /** Weights (inputs × classes) and biases (1 × classes). */
    public final SimpleMatrix W, b;

    public SoftmaxRegression(int inputs, int classes) {
        W = new SimpleMatrix(inputs, classes);
        b = new SimpleMatrix(1, classes);
    }

    @Override
    public SimpleMatrix forward(SimpleMatrix X) {
        // ŷ = softmax(X·W + 1·b)
        return Activations.softmax(SoftmaxClassifier.plusRow(X.mult(W), b));
    }

    @Override
    public SimpleMatrix[] gradients(SimpleMatrix X, SimpleMatrix y) {
        // δ = (ŷ − y) / N: softmax and cross-entropy together (lesson 08)
        SimpleMatrix delta = forward(X).minus(y).divide(X.numRows());
        // ∂J/∂W = Xᵀ·δ, ∂J/∂b = 1ᵀ·δ
        return new SimpleMatrix[] {X.transpose().mult(delta), SoftmaxClassifier.columnSums(delta)};
    }

    @Override
    public SimpleMatrix[] parameters() {
        return new SimpleMatrix[] {W, b};
    }

    @Override
    public List<String> parameterNames() {
        return List.of("W", "b");
    }
}
