package backprop.course;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * CampusX's regression network: 2 inputs (CGPA, profile score), 2 hidden nodes, 1 output, linear
 * activation everywhere, 9 parameters, trained one example at a time (stochastic gradient descent).
 *
 * <p>Names follow the whiteboard: {@code w1_ij} is w¹ᵢⱼ, the layer-1 weight from input i to hidden
 * node j; {@code w2_j1} is w²ⱼ₁, from hidden node j to the output; {@code O11}, {@code O12} are the
 * hidden nodes' outputs; biases {@code b11}, {@code b12}, {@code b21}. Introduced in notebook 02
 * (the chain rule); trained in notebook 04.
 */
public final class CampusXNetwork {

    /** Parameter names in the order of {@link #getParams()}. */
    public static final List<String> PARAMETER_NAMES =
            List.of("w1_11", "w1_12", "w1_21", "w1_22", "b11", "b12", "w2_11", "w2_21", "b21");

    public double w1_11, w1_12, w1_21, w1_22, b11, b12;
    public double w2_11, w2_21, b21;

    /** The lesson's start: every weight 0.1, every bias 0. */
    public CampusXNetwork() {
        setParams(new double[] {0.1, 0.1, 0.1, 0.1, 0, 0, 0.1, 0.1, 0});
    }

    /** One example's forward pass: the hidden outputs and the prediction. */
    public record Forward(double O11, double O12, double yHat) {}

    public Forward forward(double x1, double x2) {
        // O11 = w¹11·x1 + w¹21·x2 + b11   (linear activation: the sum is the output)
        double O11 = w1_11 * x1 + w1_21 * x2 + b11;
        // O12 = w¹12·x1 + w¹22·x2 + b12
        double O12 = w1_12 * x1 + w1_22 * x2 + b12;
        // ŷ = w²11·O11 + w²21·O12 + b21
        double yHat = w2_11 * O11 + w2_21 * O12 + b21;
        return new Forward(O11, O12, yHat);
    }

    /** One example's loss L = (y − ŷ)². */
    public double loss(double x1, double x2, double y) {
        double error = y - forward(x1, x2).yHat();
        // L = (y − ŷ)²
        return error * error;
    }

    /** dL/d(each parameter) for one example, by the chain rule, in {@link #getParams()} order. */
    public double[] gradients(double x1, double x2, double y) {
        Forward f = forward(x1, x2);
        // dL/dŷ = −2(y − ŷ)
        double dLdyHat = -2 * (y - f.yHat());
        return new double[] {
                // dL/dw¹11 = −2(y − ŷ)·w²11·x1
                dLdyHat * w2_11 * x1,
                // dL/dw¹12 = −2(y − ŷ)·w²21·x1
                dLdyHat * w2_21 * x1,
                // dL/dw¹21 = −2(y − ŷ)·w²11·x2
                dLdyHat * w2_11 * x2,
                // dL/dw¹22 = −2(y − ŷ)·w²21·x2
                dLdyHat * w2_21 * x2,
                // dL/db11 = −2(y − ŷ)·w²11
                dLdyHat * w2_11,
                // dL/db12 = −2(y − ŷ)·w²21
                dLdyHat * w2_21,
                // dL/dw²11 = −2(y − ŷ)·O11
                dLdyHat * f.O11(),
                // dL/dw²21 = −2(y − ŷ)·O12
                dLdyHat * f.O12(),
                // dL/db21 = −2(y − ŷ)
                dLdyHat,
        };
    }

    /** One update on one example: every gradient from the parameters before the update, then w_new = w_old − η·dL/dw. */
    public void step(double x1, double x2, double y, double learningRate) {
        double[] params = getParams();
        double[] grad = gradients(x1, x2, y);
        for (int i = 0; i < params.length; i++) {
            // w_new = w_old − η · dL/dw
            params[i] -= learningRate * grad[i];
        }
        setParams(params);
    }

    /**
     * Trains on the rows in order, one update per row, for {@code epochs} epochs. Returns each
     * epoch's loss (epochs 1, 2, ...): the mean of the rows' losses, each taken just before that
     * row's update (as the lesson's code does).
     *
     * @throws CancellationException when the kernel is interrupted
     */
    public TrainingCurve train(double[][] X, double[] y, double learningRate, int epochs) {
        List<Double> epochLoss = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double sum = 0;
            for (int i = 0; i < X.length; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("training interrupted in epoch " + epoch);
                }
                sum += loss(X[i][0], X[i][1], y[i]);
                step(X[i][0], X[i][1], y[i], learningRate);
            }
            epochLoss.add(sum / X.length);
        }
        return new TrainingCurve("epoch", "loss", 1, epochLoss);
    }

    public double[] getParams() {
        return new double[] {w1_11, w1_12, w1_21, w1_22, b11, b12, w2_11, w2_21, b21};
    }

    public void setParams(double[] p) {
        if (p.length != 9) {
            throw new IllegalArgumentException("CampusX's network has 9 parameters " + PARAMETER_NAMES + ", not " + p.length);
        }
        w1_11 = p[0]; w1_12 = p[1]; w1_21 = p[2]; w1_22 = p[3]; b11 = p[4]; b12 = p[5];
        w2_11 = p[6]; w2_21 = p[7]; b21 = p[8];
    }
}
