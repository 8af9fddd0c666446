package backprop.course;

import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.simple.SimpleMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * A model whose last layer is softmax, scored by cross-entropy (lesson 08): given a row of inputs per
 * example, a row of probabilities, one per class. What a model adds is its forward pass and its
 * backpropagation; predicting, scoring, a gradient-descent step and the unrolled weights of notebook 05's
 * gradient check are the same for every such model, and are here.
 */
public interface SoftmaxClassifier {

    /** The probabilities ŷ: a row per example, a column per class, each row adding up to 1. */
    SimpleMatrix forward(SimpleMatrix X);

    /** The gradient of {@link #cost} for every matrix of {@link #parameters}, in the same order, by backpropagation. */
    SimpleMatrix[] gradients(SimpleMatrix X, SimpleMatrix y);

    /** The weights and biases themselves (not copies): a step changes them in place. */
    SimpleMatrix[] parameters();

    /** The parameters' names, in the same order: "W1", "b1", … */
    List<String> parameterNames();

    /** The mean cross-entropy J of the predictions against one-hot labels y. */
    default double cost(SimpleMatrix X, SimpleMatrix y) {
        return Costs.crossEntropy(forward(X), y);
    }

    /** The class of largest probability for each example (the smaller class of a tie). */
    default int[] predict(SimpleMatrix X) {
        return mostProbable(forward(X));
    }

    /** The column of largest probability in each row of ŷ (the smaller of a tie): the predicted classes. */
    static int[] mostProbable(SimpleMatrix p) {
        int[] classes = new int[p.numRows()];
        for (int r = 0; r < p.numRows(); r++) {
            for (int c = 1; c < p.numCols(); c++) {
                if (p.get(r, c) > p.get(r, classes[r])) classes[r] = c;
            }
        }
        return classes;
    }

    /** One step of gradient descent on the examples given: every parameter moved against its slope. */
    default void step(SimpleMatrix X, SimpleMatrix y, double learningRate) {
        SimpleMatrix[] parameters = parameters(), gradients = gradients(X, y);
        for (int i = 0; i < parameters.length; i++) {
            // W ← W − η ∂J/∂W
            CommonOps_DDRM.addEquals(parameters[i].getDDRM(), -learningRate, gradients[i].getDDRM());
        }
    }

    /** Every parameter unrolled into one vector, matrix after matrix, each row by row (notebook 05's getParams). */
    default double[] getParams() {
        return unrolled(parameters());
    }

    /** Sets every parameter from one vector in {@link #getParams}' order. */
    default void setParams(double[] params) {
        int at = 0;
        for (SimpleMatrix p : parameters()) {
            for (int r = 0; r < p.numRows(); r++) {
                for (int c = 0; c < p.numCols(); c++) p.set(r, c, params[at++]);
            }
        }
        if (at != params.length) {
            throw new IllegalArgumentException(params.length + " numbers for " + at + " parameters");
        }
    }

    /** The gradient unrolled as {@link #getParams}: what notebook 05's check compares with central differences. */
    default double[] computeGradients(SimpleMatrix X, SimpleMatrix y) {
        return unrolled(gradients(X, y));
    }

    /** The name of every unrolled entry, "W1[0][0]" …, for a gradient check's report. */
    default List<String> entryNames() {
        List<String> names = new ArrayList<>();
        SimpleMatrix[] parameters = parameters();
        for (int i = 0; i < parameters.length; i++) {
            for (int r = 0; r < parameters[i].numRows(); r++) {
                for (int c = 0; c < parameters[i].numCols(); c++) names.add(parameterNames().get(i) + "[" + r + "][" + c + "]");
            }
        }
        return names;
    }

    private static double[] unrolled(SimpleMatrix[] matrices) {
        int size = 0;
        for (SimpleMatrix m : matrices) size += m.getNumElements();
        double[] all = new double[size];
        int at = 0;
        for (SimpleMatrix m : matrices) {
            for (int r = 0; r < m.numRows(); r++) {
                for (int c = 0; c < m.numCols(); c++) all[at++] = m.get(r, c);
            }
        }
        return all;
    }

    /** A row vector added to every row of m: X·W + 1·b, the bias of each column given to every example. */
    static SimpleMatrix plusRow(SimpleMatrix m, SimpleMatrix row) {
        SimpleMatrix sum = m.copy();
        for (int r = 0; r < m.numRows(); r++) {
            for (int c = 0; c < m.numCols(); c++) sum.set(r, c, m.get(r, c) + row.get(0, c));
        }
        return sum;
    }

    /** Each column summed over the rows, 1ᵀ·δ: a bias's slope is its column of δ added up over the examples. */
    static SimpleMatrix columnSums(SimpleMatrix m) {
        return SimpleMatrix.wrap(CommonOps_DDRM.sumCols(m.getDDRM(), null));
    }
}
