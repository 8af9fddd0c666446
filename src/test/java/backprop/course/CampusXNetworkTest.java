package backprop.course;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CampusXNetworkTest {

    private static final double[][] X = {{8, 8}, {7, 9}, {6, 10}, {5, 12}};
    private static final double[] Y = {4, 5, 6, 7};

    /** The network's prediction written out independently: p = [w1_11, w1_12, w1_21, w1_22, b11, b12, w2_11, w2_21, b21]. */
    private static double predict(double[] p, double x1, double x2) {
        double h1 = p[0] * x1 + p[2] * x2 + p[4];
        double h2 = p[1] * x1 + p[3] * x2 + p[5];
        return p[6] * h1 + p[7] * h2 + p[8];
    }

    private static double loss(double[] p, double x1, double x2, double y) {
        double e = y - predict(p, x1, x2);
        return e * e;
    }

    /** dL/dp for example i, measured by nudging each parameter ±1e-6: no chain rule. */
    private static double[] gradientByCentralDifferences(double[] p, int i) {
        double[] grad = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            double h = 1e-6;
            double[] plus = p.clone(), minus = p.clone();
            plus[k] += h;
            minus[k] -= h;
            grad[k] = (loss(plus, X[i][0], X[i][1], Y[i]) - loss(minus, X[i][0], X[i][1], Y[i])) / (2 * h);
        }
        return grad;
    }

    /** Per-example SGD with gradients by central differences: no chain rule, no class under test. */
    private static double[] sgdByCentralDifferences(double lr, int epochs, double[] losses) {
        double[] p = {0.1, 0.1, 0.1, 0.1, 0, 0, 0.1, 0.1, 0};
        for (int epoch = 0; epoch < epochs; epoch++) {
            double sum = 0;
            for (int i = 0; i < X.length; i++) {
                sum += loss(p, X[i][0], X[i][1], Y[i]);
                double[] grad = gradientByCentralDifferences(p, i);
                for (int k = 0; k < 9; k++) p[k] -= lr * grad[k];
            }
            losses[epoch] = sum / X.length;
        }
        return p;
    }

    @Test
    void theStartPredictsTwoHundredthsOfTheInputSum() {
        // every weight 0.1, biases 0: ŷ = 0.1·(0.1(x1 + x2)) · 2 = 0.02 (x1 + x2)
        assertEquals(0.32, new CampusXNetwork().forward(8, 8).yHat(), 1e-12);
    }

    @Test
    void chainRuleGradientsEqualCentralDifferences() {
        CampusXNetwork net = new CampusXNetwork();
        net.setParams(new double[] {0.3, -0.2, 0.5, 0.1, 0.05, -0.4, 0.7, -0.6, 0.2});
        for (int i = 0; i < X.length; i++) {
            double[] numeric = gradientByCentralDifferences(net.getParams(), i);
            assertArrayEquals(numeric, net.gradients(X[i][0], X[i][1], Y[i]), 1e-5, "row " + i);
        }
    }

    @Test
    void trainingIsCorrectPerExampleSgd() {
        double[] expectedLosses = new double[5];
        double[] expectedParams = sgdByCentralDifferences(0.001, 5, expectedLosses);
        CampusXNetwork net = new CampusXNetwork();
        List<Double> losses = net.train(X, Y, 0.001, 5).costs();
        assertArrayEquals(expectedLosses, losses.stream().mapToDouble(Double::doubleValue).toArray(), 1e-6);
        assertArrayEquals(expectedParams, net.getParams(), 1e-7);
        for (int e = 1; e < 5; e++) {
            assertEquals(true, losses.get(e) < losses.get(e - 1), "the loss falls every epoch");
        }
    }
}
