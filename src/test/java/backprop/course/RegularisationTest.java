package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notebook 07's claims, each recomputed with plain loops (no EJML, no WelchLabsNetwork arithmetic). */
class RegularisationTest {

    /** Part 7's rows as the lesson gives them: sleep, study, score. */
    private static final double[][] TRAINING = {{3, 5, 75}, {5, 1, 82}, {10, 2, 93}, {6, 1.5, 70}};
    private static final double[][] TEST = {{4, 5.5, 70}, {4.5, 1, 89}, {9, 2.5, 85}, {6, 2, 75}};

    /** Inputs divided by the training maxima (10 h, 5 h). */
    private static double[][] inputs(double[][] rows) {
        double[][] x = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) x[i] = new double[] {rows[i][0] / 10, rows[i][1] / 5};
        return x;
    }

    private static double[] scores(double[][] rows) {
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) y[i] = rows[i][2] / 100;
        return y;
    }

    private static SimpleMatrix matrix(double[][] x) {
        return new SimpleMatrix(x);
    }

    private static SimpleMatrix column(double[] y) {
        SimpleMatrix m = new SimpleMatrix(y.length, 1);
        for (int i = 0; i < y.length; i++) m.set(i, 0, y[i]);
        return m;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** J = ½ Σ(y − ŷ)² / N + (λ/2) Σ w², with w = W1 row by row then W2, by plain loops. */
    private static double cost(double[] w, double[][] x, double[] y, double lambda) {
        int hidden = w.length / 3;
        double squares = 0;
        for (int i = 0; i < x.length; i++) {
            double z3 = 0;
            for (int j = 0; j < hidden; j++) {
                z3 += sigmoid(x[i][0] * w[j] + x[i][1] * w[hidden + j]) * w[2 * hidden + j];
            }
            double e = y[i] - sigmoid(z3);
            squares += e * e;
        }
        double penalty = 0;
        for (double v : w) penalty += v * v;
        return 0.5 * squares / x.length + lambda / 2 * penalty;
    }

    @Test
    void theCaseOnPaperCostsWhatTheLessonPrints() {
        double[] w = {.1, .2, .3, .4, .5, .6, .7, .8, .9};
        double byLoops = cost(w, inputs(TRAINING), scores(TRAINING), 1e-4);
        assertEquals("0.003912564171", new BigDecimal(byLoops).round(new MathContext(10)).toPlainString());
        WelchLabsNetwork net = new WelchLabsNetwork(new SimpleMatrix(new double[][] {{.1, .2, .3}, {.4, .5, .6}}),
                new SimpleMatrix(new double[][] {{.7}, {.8}, {.9}}));
        assertEquals(byLoops, net.regularisedCost(matrix(inputs(TRAINING)), column(scores(TRAINING)), 1e-4), 1e-16);
    }

    @Test
    void theRegularisedGradientIsTheCostsMeasuredSlope() {
        for (double lambda : new double[] {0, 1e-4, 0.5}) {
            WelchLabsNetwork net = new WelchLabsNetwork(3, 11);
            double[] w = net.getParams();
            double[] gradient = net.computeRegularisedGradients(matrix(inputs(TRAINING)), column(scores(TRAINING)), lambda);
            for (int k = 0; k < w.length; k++) {
                double[] plus = w.clone(), minus = w.clone();
                plus[k] += 1e-6;
                minus[k] -= 1e-6;
                double slope = (cost(plus, inputs(TRAINING), scores(TRAINING), lambda)
                        - cost(minus, inputs(TRAINING), scores(TRAINING), lambda)) / 2e-6;
                assertEquals(slope, gradient[k], 1e-9, "λ = " + lambda + ", weight " + k);
            }
        }
    }

    /** {training cost, test cost} (both with λ = 0) after each BFGS iteration on the training rows with penalty λ. */
    private static List<double[]> trainAndTest(long seed, double lambda) {
        WelchLabsNetwork net = new WelchLabsNetwork(3, seed);
        SimpleMatrix x = matrix(inputs(TRAINING)), y = column(scores(TRAINING));
        List<double[]> costs = new ArrayList<>();
        Bfgs.minimise(w -> { net.setParams(w); return net.regularisedCost(x, y, lambda); },
                w -> { net.setParams(w); return net.computeRegularisedGradients(x, y, lambda); },
                net.getParams(), 200, (k, w, c) -> costs.add(new double[] {
                        cost(w, inputs(TRAINING), scores(TRAINING), 0), cost(w, inputs(TEST), scores(TEST), 0)}));
        return costs;
    }

    @Test
    void withoutThePenaltyTheTestCostRisesWhileTheTrainingCostFalls() {
        List<double[]> costs = trainAndTest(42, 0);
        int lowest = 0;
        for (int k = 1; k < costs.size(); k++) if (costs.get(k)[1] < costs.get(lowest)[1]) lowest = k;
        double[] end = costs.get(costs.size() - 1);
        assertEquals(5, lowest, "the test cost is lowest after iteration 6");
        assertEquals(3, end[1] / costs.get(lowest)[1], 0.2, "and ends three times as high");
        assertTrue(end[0] < costs.get(lowest)[0], "while the training cost goes on falling");
    }

    @Test
    void withThePenaltyEveryStartFitsNewStudentsBetterThanAnyStartWithout() {
        double worstWith = 0, bestWithout = Double.MAX_VALUE;
        int exactFits = 0;
        for (long seed : new long[] {1, 2, 3, 4, 5, 6, 7, 8, 42}) {
            List<double[]> free = trainAndTest(seed, 0), penalised = trainAndTest(seed, 1e-4);
            double[] freeEnd = free.get(free.size() - 1), penalisedEnd = penalised.get(penalised.size() - 1);
            if (freeEnd[0] < 1e-15) exactFits++;
            bestWithout = Math.min(bestWithout, freeEnd[1]);
            worstWith = Math.max(worstWith, penalisedEnd[1]);
            assertTrue(penalisedEnd[0] > freeEnd[0], "seed " + seed + ": the penalty costs training fit");
        }
        assertEquals(7, exactFits, "seven of nine starts fit the training rows exactly without the penalty");
        assertTrue(worstWith < bestWithout, "penalised test costs at most " + worstWith + ", unpenalised at least " + bestWithout);
        assertTrue(worstWith < 0.0029, "every penalised start ends near 0.0027: " + worstWith);
    }

    @Test
    void throughTenSigmoidsTheGradientIsBelowAQuarterToTheTenth() {
        Value input = new Value(0.5), a = input;
        double product = 1, activation = 0.5;
        for (int layer = 0; layer < 10; layer++) {
            a = a.sigmoid();
            double s = sigmoid(activation);
            product *= s * (1 - s);                         // σ'(a) = σ(a)(1 − σ(a)), by the chain rule one factor per layer
            activation = s;
        }
        a.backward();
        assertEquals(product, input.grad, 1e-20);
        assertTrue(input.grad < Math.pow(0.25, 10), "0.25¹⁰ bounds it: " + input.grad);
        assertEquals(3.5e-7, input.grad, 0.05e-7, "the lesson prints 3.5e-7");
    }
}
