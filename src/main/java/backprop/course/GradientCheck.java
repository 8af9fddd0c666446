package backprop.course;

import java.util.List;

/**
 * Gradient checking (Welch Labs, Part 5): compare the gradient backpropagation computed with the
 * numerical one. Introduced in notebook 05.
 */
public final class GradientCheck {

    private GradientCheck() {}

    /** norm(grad − numgrad) / norm(grad + numgrad): about 1e-8 or less when the gradient is right. */
    public static double relativeError(double[] grad, double[] numgrad) {
        if (grad.length != numgrad.length) {
            throw new IllegalArgumentException("the gradients have " + grad.length + " and " + numgrad.length
                    + " entries: they must cover the same weights");
        }
        double difference = 0, sum = 0;
        for (int i = 0; i < grad.length; i++) {
            difference += (grad[i] - numgrad[i]) * (grad[i] - numgrad[i]);
            sum += (grad[i] + numgrad[i]) * (grad[i] + numgrad[i]);
        }
        // relative error = ‖grad − numgrad‖ / ‖grad + numgrad‖
        return Math.sqrt(difference) / Math.sqrt(sum);
    }

    /**
     * The outcome of a check: the relative error, whether it passes, and the entry that differs
     * most, by name, so that a failing check says where to look.
     */
    public record Report(double relativeError, double threshold, int worst, String worstName,
                         double worstAnalytic, double worstNumerical) {

        public boolean passes() {
            return relativeError < threshold;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%s: relative error %.3g (%s %.0e); the largest difference is at %s: analytic %.6g, numerical %.6g",
                    passes() ? "PASS" : "FAIL", relativeError, passes() ? "below" : "not below", threshold,
                    worstName, worstAnalytic, worstNumerical);
        }
    }

    /** Checks an analytic gradient against a numerical one; {@code names} label the entries. */
    public static Report check(double[] grad, double[] numgrad, List<String> names, double threshold) {
        if (names.size() != grad.length) {
            throw new IllegalArgumentException(names.size() + " names for " + grad.length + " gradient entries");
        }
        double error = relativeError(grad, numgrad);
        int worst = 0;
        for (int i = 1; i < grad.length; i++) {
            if (Math.abs(grad[i] - numgrad[i]) > Math.abs(grad[worst] - numgrad[worst])) worst = i;
        }
        return new Report(error, threshold, worst, names.get(worst), grad[worst], numgrad[worst]);
    }

    /** Names of a Welch Labs network's unrolled weights, in getParams() order: W1[0][0], ..., W2[2][0]. */
    public static List<String> weightNames(WelchLabsNetwork net) {
        List<String> names = new java.util.ArrayList<>();
        for (int r = 0; r < net.W1.numRows(); r++) for (int c = 0; c < net.W1.numCols(); c++) names.add("W1[" + r + "][" + c + "]");
        for (int r = 0; r < net.W2.numRows(); r++) for (int c = 0; c < net.W2.numCols(); c++) names.add("W2[" + r + "][" + c + "]");
        return names;
    }
}
