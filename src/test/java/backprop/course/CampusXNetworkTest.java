package backprop.course;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Per-example SGD on the given inputs with gradients by central differences; the loss of each epoch. */
    private static double[] lossesOn(double[][] inputs, double lr, int epochs) {
        double[] p = {0.1, 0.1, 0.1, 0.1, 0, 0, 0.1, 0.1, 0};
        double[] losses = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double sum = 0;
            for (int i = 0; i < inputs.length; i++) {
                sum += loss(p, inputs[i][0], inputs[i][1], Y[i]);
                double[] grad = new double[9];
                for (int k = 0; k < 9; k++) {
                    double[] plus = p.clone(), minus = p.clone();
                    plus[k] += 1e-6;
                    minus[k] -= 1e-6;
                    grad[k] = (loss(plus, inputs[i][0], inputs[i][1], Y[i]) - loss(minus, inputs[i][0], inputs[i][1], Y[i])) / 2e-6;
                }
                for (int k = 0; k < 9; k++) p[k] -= lr * grad[k];
            }
            losses[epoch] = sum / inputs.length;
        }
        return losses;
    }

    /** AᵀA for A = the inputs with a column of ones. */
    private static double[][] normalMatrix(double[][] inputs) {
        double[][] m = new double[3][3];
        for (double[] row : inputs) {
            double[] a = {row[0], row[1], 1};
            for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) m[r][c] += a[r] * a[c];
        }
        return m;
    }

    /** The largest eigenvalue of a symmetric positive definite 3×3 matrix, by power iteration. */
    private static double largestEigenvalue(double[][] m) {
        double[] v = {1, 0.5, 0.25};
        double lambda = 0;
        for (int it = 0; it < 10_000; it++) {
            double[] w = new double[3];
            for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) w[r] += m[r][c] * v[c];
            lambda = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            for (int r = 0; r < 3; r++) v[r] = w[r] / lambda;
        }
        return lambda;
    }

    /** The inverse of a 3×3 matrix by cofactors. */
    private static double[][] inverse(double[][] m) {
        double[][] inv = new double[3][3];
        double det = 0;
        for (int c = 0; c < 3; c++) {
            det += m[0][c] * (m[1][(c + 1) % 3] * m[2][(c + 2) % 3] - m[1][(c + 2) % 3] * m[2][(c + 1) % 3]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                inv[c][r] = (m[(r + 1) % 3][(c + 1) % 3] * m[(r + 2) % 3][(c + 2) % 3]
                        - m[(r + 1) % 3][(c + 2) % 3] * m[(r + 2) % 3][(c + 1) % 3]) / det;
            }
        }
        return inv;
    }

    /** cond₂(AᵀA) = λmax / λmin = λmax(M) · λmax(M⁻¹). */
    private static double conditionNumber(double[][] inputs) {
        double[][] m = normalMatrix(inputs);
        return largestEigenvalue(m) * largestEigenvalue(inverse(m));
    }

    private static double[][] standardised(double[][] inputs) {
        int n = inputs.length;
        double[][] out = new double[n][2];
        for (int j = 0; j < 2; j++) {
            double mean = 0, squares = 0;
            for (double[] row : inputs) mean += row[j] / n;
            for (double[] row : inputs) squares += (row[j] - mean) * (row[j] - mean);
            double sd = Math.sqrt(squares / (n - 1));              // Tablesaw's normalize(): the sample standard deviation
            for (int i = 0; i < n; i++) out[i][j] = (inputs[i][j] - mean) / sd;
        }
        return out;
    }

    /** Notebook 04: the loss stalls near 0.045 although a perfect fit exists; no stable learning rate rescues it. */
    @Test
    void onTheInputsAsGivenTheLossStallsFarAboveAPerfectFit() {
        for (int i = 0; i < X.length; i++) {
            assertEquals(Y[i], 12 - X[i][0], 0, "lpa = 12 − cgpa: a loss of 0 is reachable");
        }
        double[] losses = lossesOn(X, 0.001, 100_000);
        assertEquals(0.045, losses[199], 0.001, "epoch 200");
        assertEquals(0.043, losses[999], 0.001, "epoch 1000");
        assertEquals(0.021, losses[99_999], 0.001, "epoch 100,000");
        for (double rate : new double[] {0.005, 0.01}) {
            double[] faster = lossesOn(X, rate, 1000);
            assertTrue(Double.isFinite(faster[999]) && faster[999] > 0.1, "η = " + rate + ": worse after 1000 epochs, " + faster[999]);
        }
        double[] tooFast = lossesOn(X, 0.012, 1000);
        assertTrue(!Double.isFinite(tooFast[999]) || tooFast[999] > 1e6, "η = 0.012 blows up, " + tooFast[999]);
        assertTrue(lossesOn(X, 0.012, 3)[2] > 1e6, "in its third epoch");
        for (double rate = 0.0128; rate <= 0.03; rate += 0.0002) {
            double[] blownUp = lossesOn(X, rate, 100);
            assertTrue(!Double.isFinite(blownUp[99]) || blownUp[99] > 1e6, "η = " + rate + " blows up too");
        }
        double[] justAbove = lossesOn(X, 0.011, 3000);
        assertTrue(Double.isFinite(justAbove[2999]) && justAbove[2999] < 1, "some rates above 0.01 do not: 0.011, " + justAbove[2999]);
    }

    /** Notebook 04: watched longer, the larger stable rates win, as the conditioning argument predicts; none reaches 0. */
    @Test
    void watchedLongerTheLargerStableRatesEndLower() {
        double[] slow = lossesOn(X, 0.001, 100_000), middle = lossesOn(X, 0.005, 100_000), fast = lossesOn(X, 0.01, 100_000);
        assertTrue(fast[9_999] < slow[9_999] / 2, "η = 0.01 ahead after 10,000 epochs: " + fast[9_999] + " against " + slow[9_999]);
        assertTrue(middle[99_999] < slow[99_999] / 10 && fast[99_999] < slow[99_999] / 10,
                "both more than ten times lower after 100,000: " + middle[99_999] + ", " + fast[99_999] + " against " + slow[99_999]);
        assertEquals(0.00077, middle[99_999], 0.00001);
        assertEquals(0.0017, fast[99_999], 0.0001);
        assertTrue(middle[99_999] > 1e-4 && fast[99_999] > 1e-4, "no rate reaches 0");
    }

    /** Notebook 04: from all weights 0.1 the two hidden nodes stay twins: the parameters come out in equal pairs. */
    @Test
    void theSymmetricStartIsNeverBroken() {
        double[] p = sgdByCentralDifferences(0.001, 1000, new double[1000]);
        CampusXNetwork net = new CampusXNetwork();
        net.train(X, Y, 0.001, 1000);
        double[] q = net.getParams();
        // w1_11 = w1_12, w1_21 = w1_22, b11 = b12, w2_11 = w2_21
        for (int[] pair : new int[][] {{0, 1}, {2, 3}, {4, 5}, {6, 7}}) {
            assertEquals(q[pair[0]], q[pair[1]], 0, "the library's parameters " + pair[0] + " and " + pair[1]);
            assertEquals(p[pair[0]], p[pair[1]], 1e-8, "by central differences, parameters " + pair[0] + " and " + pair[1]);
            assertEquals(p[pair[0]], q[pair[0]], 1e-6);
        }
    }

    /** Notebook 04: cond(AᵀA) ≈ 6·10⁵ as given, 34× less divided by the maxima, over 5000× less standardised. */
    @Test
    void scalingTheInputsCutsTheConditionNumberAndStandardisedInputsFitPerfectly() {
        double[][] byMax = new double[X.length][2];
        for (int i = 0; i < X.length; i++) {
            byMax[i] = new double[] {X[i][0] / 8, X[i][1] / 12};
        }
        double asGiven = conditionNumber(X), dividedByMax = conditionNumber(byMax), centred = conditionNumber(standardised(X));
        assertEquals(6.2e5, asGiven, 0.05e5);
        assertEquals(34, asGiven / dividedByMax, 0.5);
        assertTrue(asGiven / centred > 5000, "standardising cuts it over 5000-fold: " + asGiven / centred);
        // standardised columns: what is left is (1 + |r|) / (1 − |r|), r the inputs' correlation (−0.98)
        double[][] z = standardised(X);
        double r = 0;
        for (double[] row : z) r += row[0] * row[1] / (X.length - 1);
        assertEquals(-0.983, r, 0.0005);
        assertEquals((1 - r) / (1 + r), centred, 1e-6);
        double[] losses = lossesOn(standardised(X), 0.1, 1000);
        assertTrue(losses[199] < 1e-8, "epoch 200: " + losses[199]);
        assertTrue(lossesOn(byMax, 0.1, 1000)[999] < 0.043 / 2, "divided by the maxima: less than half the loss");
    }
}
