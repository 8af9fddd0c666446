package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Curvature on a known quadratic, and notebook 07's race between gradient descent and L-BFGS recomputed with plain loops. */
class CurvatureTest {

    /** Welch Labs' three students of Part 4, scaled. */
    private static final double[][] X = {{0.3, 1}, {0.5, 0.2}, {1, 0.4}};
    private static final double[] Y = {0.75, 0.82, 0.93};

    /** Part 4's cost ½Σ(y − ŷ)², by plain loops (N times the mean cost). */
    private static double sumCost(double[] w) {
        return X.length * RegularisationTest.cost(w, X, Y, 0);
    }

    /** The gradient of the sum cost by central differences: no backpropagation. */
    private static double[] gradient(double[] w) {
        double[] g = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            double[] plus = w.clone(), minus = w.clone();
            plus[k] += 1e-6;
            minus[k] -= 1e-6;
            g[k] = (sumCost(plus) - sumCost(minus)) / 2e-6;
        }
        return g;
    }

    /** The Hessian by second differences of the cost itself (not of a gradient). */
    private static double[][] hessianOfCost(double[] w, double e) {
        int n = w.length;
        double[][] h = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double[] pp = w.clone(), pm = w.clone(), mp = w.clone(), mm = w.clone();
                pp[j] += e; pp[k] += e;
                pm[j] += e; pm[k] -= e;
                mp[j] -= e; mp[k] += e;
                mm[j] -= e; mm[k] -= e;
                h[j][k] = (sumCost(pp) - sumCost(pm) - sumCost(mp) + sumCost(mm)) / (4 * e * e);
            }
        }
        return h;
    }

    /**
     * The largest eigenvalue of a symmetric matrix (the most positive, not the largest in size), by power iteration on
     * m + sI, s a bound on every eigenvalue's size (Gershgorin's), which makes every eigenvalue of the shifted matrix ≥ 0.
     */
    private static double largestEigenvalue(double[][] matrix) {
        double shift = 0;
        for (double[] row : matrix) shift = Math.max(shift, Arrays.stream(row).map(Math::abs).sum());
        double[][] m = new double[matrix.length][];
        for (int r = 0; r < m.length; r++) {
            m[r] = matrix[r].clone();
            m[r][r] += shift;
        }
        double[] v = new double[m.length];
        Arrays.fill(v, 1);
        double value = 0;
        for (int iteration = 0; iteration < 5000; iteration++) {
            double[] next = new double[m.length];
            for (int r = 0; r < m.length; r++) for (int c = 0; c < m.length; c++) next[r] += m[r][c] * v[c];
            double norm = Math.sqrt(Arrays.stream(next).map(x -> x * x).sum());
            value = 0;
            for (int r = 0; r < m.length; r++) value += v[r] * next[r];
            for (int r = 0; r < m.length; r++) v[r] = next[r] / norm;
        }
        return value - shift;
    }

    /** The weights after `steps` steps of plain gradient descent at `rate` from seed 42's weights. */
    private static double[] descend(double rate, int steps) {
        double[] w = new WelchLabsNetwork(3, 42).getParams();
        for (int i = 0; i < steps; i++) {
            double[] g = gradient(w);
            for (int k = 0; k < w.length; k++) w[k] -= rate * g[k];
        }
        return w;
    }

    /** Plain gradient descent from seed 42's weights: the first iteration with J < 10⁻⁴, or -1 within `limit`. */
    private static int iterationsToFit(double rate, int limit) {
        double[] w = new WelchLabsNetwork(3, 42).getParams();
        for (int i = 0; i <= limit; i++) {
            if (sumCost(w) < 1e-4) return i;
            double[] g = gradient(w);
            for (int k = 0; k < w.length; k++) w[k] -= rate * g[k];
        }
        return -1;
    }

    @Test
    void theHessianOfAQuadraticIsItsMatrixAndItsEigenvaluesAreTheCurvatures() {
        // J = ½ wᵀAw with A = R·diag(1, 2, 3)·Rᵀ, R a rotation: ∇J = Aw, H = A, eigenvalues 1, 2, 3
        double c = Math.cos(0.7), s = Math.sin(0.7);
        SimpleMatrix rotation = new SimpleMatrix(new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}});
        SimpleMatrix A = rotation.mult(SimpleMatrix.diag(1, 2, 3)).mult(rotation.transpose());
        SimpleMatrix H = Curvature.hessian(w -> A.mult(new SimpleMatrix(3, 1, true, w)).getDDRM().getData(), new double[] {1, -2, 0.5}, 1e-5);
        assertTrue(H.isIdentical(A, 1e-9), "H = A");
        double[] eigenvalues = Curvature.eigenvalues(H);
        assertEquals(1, eigenvalues[0], 1e-9);
        assertEquals(2, eigenvalues[1], 1e-9);
        assertEquals(3, eigenvalues[2], 1e-9);
    }

    @Test
    void gradientDescentIsFastestNearEtaTwentyNineAndNeverArrivesAtSixty() {
        int atThree = iterationsToFit(3, 20_000), atBest = iterationsToFit(29, 20_000);
        assertEquals(3820, atThree, 3, "notebook 04's η = 3");
        assertEquals(261, atBest, 2, "η = 29");
        for (double rate : new double[] {25, 28, 30, 35}) {
            assertTrue(iterationsToFit(rate, 20_000) > atBest, "η = " + rate + " is slower than 29");
        }
        assertEquals(-1, iterationsToFit(60, 20_000), "η = 60 does not get J below 10⁻⁴ in 20,000 iterations");
        assertEquals(-1, iterationsToFit(57, 20_000), "nor does η = 57");
        assertTrue(iterationsToFit(55, 20_000) > 10_000 && iterationsToFit(56, 20_000) > 10_000, "η = 55 and 56 arrive, late");
    }

    @Test
    void aRateAboveTheLimitEndsWhereTheCurvatureIsJustUnderTwoOverEta() {
        double[] w = descend(50, 20_000);
        double steepest = largestEigenvalue(hessianOfCost(w, 1e-4));
        assertTrue(steepest < 2 / 50.0 && steepest > 0.99 * 2 / 50.0, "η = 50 ends where κ = " + steepest + ", 2/η = 0.04");
    }

    @Test
    void whereGradientDescentEndsItsRateIsStableAndTheCurvedDirectionsSpreadTwoHundredFiftyFold() {
        double[] w = descend(29, 5000);
        assertTrue(sumCost(w) < 1e-20, "an exact fit after 5000 steps: " + sumCost(w));
        WelchLabsNetwork net = new WelchLabsNetwork(3, 42);
        SimpleMatrix x = new SimpleMatrix(X), y = new SimpleMatrix(3, 1, true, Y);
        double[] curvatures = Curvature.eigenvalues(Curvature.hessian(v -> { net.setParams(v); return net.computeGradients(x, y); }, w, 1e-5));
        for (int i = 0; i < 6; i++) assertEquals(0, curvatures[i], 1e-9, "curvature " + i);
        double steepest = largestEigenvalue(hessianOfCost(w, 1e-4));
        assertEquals(steepest, curvatures[8], 1e-6);
        assertEquals(34, 2 / steepest, 0.5, "2/κ for the steepest");
        assertTrue(29 < 2 / steepest, "η = 29 is stable there");
        assertEquals(256, curvatures[8] / curvatures[6], 10, "the curved directions spread some 250-fold");
        assertEquals(0.993, 1 - 29 * curvatures[6], 0.0005, "each step keeps 0.993 along the flattest");
    }

    @Test
    void lbfgsFitsWithinEighteenEvaluations() {
        int[] evaluations = {0}, toFit = {-1};
        Bfgs.minimise(w -> { evaluations[0]++; return sumCost(w); }, CurvatureTest::gradient, new WelchLabsNetwork(3, 42).getParams(),
                200, (k, w, cost) -> { if (cost < 1e-4 && toFit[0] < 0) toFit[0] = evaluations[0]; });
        assertEquals(18, toFit[0], 1, "evaluations of the cost to J < 10⁻⁴ (the lesson: 18, against gradient descent's 261)");
    }

    @Test
    void theSteepestCurvatureIsAtTheStartAndLimitsTheRateToThirtySeven() {
        double[] w = new WelchLabsNetwork(3, 42).getParams();
        double atStart = largestEigenvalue(hessianOfCost(w, 1e-4));
        WelchLabsNetwork probe = new WelchLabsNetwork(3, 42);
        assertEquals(atStart, Curvature.largest(v -> { probe.setParams(v); return probe.computeGradients(
                new SimpleMatrix(X), new SimpleMatrix(3, 1, true, Y)); }, w), 1e-6);
        assertEquals(0.054, atStart, 0.0005);
        assertEquals(37, 2 / atStart, 0.5);
        for (int i = 1; i <= 261; i++) {
            double[] g = gradient(w);
            for (int k = 0; k < w.length; k++) w[k] -= 29 * g[k];
            if (i % 20 == 0) {
                assertTrue(largestEigenvalue(hessianOfCost(w, 1e-4)) < atStart, "iteration " + i + " curves less than the start");
            }
        }
    }

    @Test
    void whereLbfgsEndsSixCurvaturesAreZeroAndTheOtherThreeSpanFourHundredfold() {
        WelchLabsNetwork net = new WelchLabsNetwork(3, 42);
        SimpleMatrix x = new SimpleMatrix(X), y = new SimpleMatrix(3, 1, true, Y);
        double[] end = Bfgs.minimise(w -> { net.setParams(w); return net.costFunction(x, y); },
                w -> { net.setParams(w); return net.computeGradients(x, y); }, net.getParams(), 200, (k, w, c) -> {}).weights();
        assertTrue(sumCost(end) < 1e-18, "an exact fit: " + sumCost(end));
        SimpleMatrix H = Curvature.hessian(w -> { net.setParams(w); return net.computeGradients(x, y); }, end, 1e-5);
        double[][] byCost = hessianOfCost(end, 1e-4);
        double trace = 0;
        for (int j = 0; j < 9; j++) {
            trace += byCost[j][j];
            for (int k = 0; k < 9; k++) assertEquals(byCost[j][k], H.get(j, k), 1e-6, "H[" + j + "][" + k + "]");
        }
        double[] curvatures = Curvature.eigenvalues(H);
        for (int i = 0; i < 6; i++) assertEquals(0, curvatures[i], 1e-9, "curvature " + i + " is 0: three students, three residuals");
        assertEquals(trace, curvatures[6] + curvatures[7] + curvatures[8], 1e-6, "the three others hold the whole trace");
        assertEquals(400, curvatures[8] / curvatures[6], 20, "the largest some 400 times the smallest");
    }
}
