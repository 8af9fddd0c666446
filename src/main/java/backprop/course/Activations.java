package backprop.course;

/**
 * The activation functions of the three lessons, and the derivative backpropagation needs.
 * Introduced in notebook 02 (sigmoid, sigmoidPrime) and notebook 03 (softplus).
 */
public final class Activations {

    private Activations() {}

    /** Welch Labs' f(z): the sigmoid, squashing any number into (0, 1). */
    public static double sigmoid(double z) {
        // f(z) = 1 / (1 + e^(−z))
        return 1 / (1 + Math.exp(-z));
    }

    /** The sigmoid's derivative, written as Welch Labs writes it. Largest at z = 0, where it is 0.25. */
    public static double sigmoidPrime(double z) {
        double e = Math.exp(-z);
        // f'(z) = e^(−z) / (1 + e^(−z))²
        return e / ((1 + e) * (1 + e));
    }

    /** StatQuest's softplus, a smooth ReLU. */
    public static double softplus(double x) {
        // sp(x) = ln(1 + e^x), written so that large x does not overflow
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** CampusX's linear activation: the node passes its weighted sum on unchanged. */
    public static double linear(double z) {
        // g(z) = z
        return z;
    }
}
