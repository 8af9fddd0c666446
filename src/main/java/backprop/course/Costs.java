package backprop.course;

import org.ejml.simple.SimpleMatrix;

/**
 * How wrong a prediction is, as one number, in each lesson's own form.
 * Introduced in notebook 01; cross-entropy in notebook 08.
 */
public final class Costs {

    private Costs() {}

    /** Welch Labs' cost: half the sum of squared errors. */
    public static double J(double[] y, double[] yHat) {
        checkSameLength(y, yHat);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            // J = ½ Σ (y − ŷ)²
            sum += 0.5 * (y[i] - yHat[i]) * (y[i] - yHat[i]);
        }
        return sum;
    }

    /** StatQuest's sum of squared residuals. */
    public static double SSR(double[] observed, double[] predicted) {
        checkSameLength(observed, predicted);
        double sum = 0;
        for (int i = 0; i < observed.length; i++) {
            // SSR = Σ (observed − predicted)²
            sum += (observed[i] - predicted[i]) * (observed[i] - predicted[i]);
        }
        return sum;
    }

    /** CampusX's epoch loss: the mean of the squared errors. */
    public static double MSE(double[] y, double[] yHat) {
        // MSE = (1/n) Σ (y − ŷ)²
        return SSR(y, yHat) / y.length;
    }

    /**
     * Lesson 08's cost: the mean cross-entropy of predicted probabilities ŷ (a row per example, a column
     * per class) against one-hot labels y. Only the probability given to the right class counts: −ln 1 = 0
     * for a sure, right answer, growing without bound as that probability falls to 0.
     */
    public static double crossEntropy(SimpleMatrix yHat, SimpleMatrix y) {
        if (yHat.numRows() != y.numRows() || yHat.numCols() != y.numCols()) {
            throw new IllegalArgumentException("the probabilities are " + yHat.numRows() + "x" + yHat.numCols()
                    + " and the labels " + y.numRows() + "x" + y.numCols() + ": they must pair up, a row per example");
        }
        double sum = 0;
        for (int r = 0; r < y.numRows(); r++) {
            for (int c = 0; c < y.numCols(); c++) {
                // J = −(1/N) Σₙ Σₖ yₙₖ ln ŷₙₖ
                if (y.get(r, c) != 0) sum -= y.get(r, c) * StrictMath.log(yHat.get(r, c));
            }
        }
        return sum / y.numRows();
    }

    private static void checkSameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the observed values and the predictions must pair up: "
                    + a.length + " observed, " + b.length + " predicted");
        }
    }
}
