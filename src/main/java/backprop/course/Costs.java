package backprop.course;

/**
 * How wrong a prediction is, as one number, in each lesson's own form.
 * Introduced in notebook 01.
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

    private static void checkSameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the observed values and the predictions must pair up: "
                    + a.length + " observed, " + b.length + " predicted");
        }
    }
}
