package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
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
    static double cost(double[] w, double[][] x, double[] y, double lambda) {
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

    /** ½Σ(y − ŷ)²/N of plain predictions. */
    private static double meanCostOf(double[] predicted, double[] y) {
        double squares = 0;
        for (int i = 0; i < y.length; i++) squares += (y[i] - predicted[i]) * (y[i] - predicted[i]);
        return 0.5 * squares / y.length;
    }

    /** ŷ for each row by plain loops, w = W1 row by row then W2. */
    private static double[] predict(double[] w, double[][] x) {
        int hidden = w.length / 3;
        double[] yHat = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double z3 = 0;
            for (int j = 0; j < hidden; j++) z3 += sigmoid(x[i][0] * w[j] + x[i][1] * w[hidden + j]) * w[2 * hidden + j];
            yHat[i] = sigmoid(z3);
        }
        return yHat;
    }

    /** The weights L-BFGS reaches on the training rows with penalty λ from seed's weights, at most `iterations`. */
    private static double[] trained(long seed, double lambda, int iterations) {
        WelchLabsNetwork net = new WelchLabsNetwork(3, seed);
        SimpleMatrix x = matrix(inputs(TRAINING)), y = column(scores(TRAINING));
        return Bfgs.minimise(w -> { net.setParams(w); return net.regularisedCost(x, y, lambda); },
                w -> { net.setParams(w); return net.computeRegularisedGradients(x, y, lambda); },
                net.getParams(), iterations, (k, w, c) -> {}).weights();
    }

    /** The least-squares plane (a, b, c) through the rows, by the normal equations and Gaussian elimination. */
    private static double[] plane(double[][] x, double[] y) {
        double[][] m = new double[3][4];
        for (int i = 0; i < x.length; i++) {
            double[] row = {x[i][0], x[i][1], 1};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) m[r][c] += row[r] * row[c];
                m[r][3] += row[r] * y[i];
            }
        }
        for (int p = 0; p < 3; p++) {
            for (int r = p + 1; r < 3; r++) {
                double f = m[r][p] / m[p][p];
                for (int c = p; c < 4; c++) m[r][c] -= f * m[p][c];
            }
        }
        double[] abc = new double[3];
        for (int r = 2; r >= 0; r--) {
            double v = m[r][3];
            for (int c = r + 1; c < 3; c++) v -= m[r][c] * abc[c];
            abc[r] = v / m[r][r];
        }
        return abc;
    }

    @Test
    void theBaselinesCostWhatTheLessonPrintsAndTheNetworksAreComparedWithThem() {
        double[] trainY = scores(TRAINING), testY = scores(TEST);
        double mean = Arrays.stream(trainY).average().orElseThrow();
        double[] meanTest = new double[testY.length], meanTrain = new double[trainY.length];
        Arrays.fill(meanTest, mean);
        Arrays.fill(meanTrain, mean);
        assertEquals(0.80, mean, 1e-12);
        assertEquals(0.0029, meanCostOf(meanTest, testY), 0.00005);
        assertEquals(0.0037, meanCostOf(meanTrain, trainY), 0.00005);
        double[] abc = plane(inputs(TRAINING), trainY);
        double[] lineTrain = Arrays.stream(inputs(TRAINING)).mapToDouble(r -> abc[0] * r[0] + abc[1] * r[1] + abc[2]).toArray();
        double[] lineTest = Arrays.stream(inputs(TEST)).mapToDouble(r -> abc[0] * r[0] + abc[1] * r[1] + abc[2]).toArray();
        assertEquals(0.0016, meanCostOf(lineTrain, trainY), 0.00005, "the plane fits the training rows better than the mean");
        assertEquals(0.0039, meanCostOf(lineTest, testY), 0.00005, "and the test rows worse");
        List<double[]> free = trainAndTest(42, 0), penalised = trainAndTest(42, 1e-4);
        double freeTest = free.get(free.size() - 1)[1], penalisedTest = penalised.get(penalised.size() - 1)[1];
        assertTrue(freeTest > meanCostOf(meanTest, testY), "without λ the network ends above the mean's line: " + freeTest);
        assertTrue(penalisedTest < meanCostOf(meanTest, testY) && penalisedTest > 0.9 * meanCostOf(meanTest, testY),
                "with λ = 1e-4 just below it: " + penalisedTest);
    }

    @Test
    void partSevensPublishedScalingShowsTheNetworkRawHours() {
        double[] w = trained(42, 1e-4, 200);
        double[][] raw = new double[TEST.length][];
        for (int i = 0; i < TEST.length; i++) raw[i] = new double[] {TEST[i][0], TEST[i][1]};
        for (double score : predict(w, raw)) assertEquals(0.946, score, 0.002, "every test student gets about 94.6");
        double scaled = cost(w, inputs(TEST), scores(TEST), 0), unscaled = cost(w, raw, scores(TEST), 0);
        assertEquals(0.014, unscaled, 0.0005);
        assertEquals(5, unscaled / scaled, 0.5, "five times the scaled test cost");
        assertEquals(0.0032, cost(w, inputs(TEST), scores(TEST), 1e-4), 0.00005, "Part 7's test cost, penalty included");
    }

    @Test
    void aLargePenaltyCollapsesEveryPredictionToSigmoidOfZero() {
        double[][] everyone = new double[8][];
        System.arraycopy(inputs(TRAINING), 0, everyone, 0, 4);
        System.arraycopy(inputs(TEST), 0, everyone, 4, 4);
        for (double score : predict(trained(42, 1, 1000), everyone)) assertEquals(0.5134, score, 0.0001, "λ = 1: 51.34");
        for (double score : predict(trained(42, 100, 1000), everyone)) assertEquals(0.5, score, 0.0002, "λ = 100: σ(0)");
    }

    @Test
    void fromSeedNineteenTheSliderShowsTheTrainingStudentsLeaveTheDiagonal() {
        double[][] x = inputs(TRAINING);
        double[] y = scores(TRAINING);
        double[] at6 = predict(trained(19, 1e-6, 1000), x), at5 = predict(trained(19, 1e-5, 1000), x);
        double off6 = 0, off5 = 0;
        for (int i = 0; i < y.length; i++) {
            off6 = Math.max(off6, 100 * Math.abs(at6[i] - y[i]));
            off5 = Math.max(off5, 100 * Math.abs(at5[i] - y[i]));
        }
        assertTrue(off6 < 0.5, "λ = 1e-6: on the diagonal, at most " + off6 + " points off");
        assertTrue(off5 > 2, "λ = 1e-5: off it, " + off5 + " points");
    }

    @Test
    void fromSeedNineteenTooLittlePenaltyOverfitsAndTheTestCostIsLowestNearThreeTenThousandths() {
        double[] train = new double[9], test = new double[9];
        for (int i = 0; i < 9; i++) {
            double[] w = trained(19, Math.pow(10, -6 + i * 0.5), 1000);
            train[i] = cost(w, inputs(TRAINING), scores(TRAINING), 0);
            test[i] = cost(w, inputs(TEST), scores(TEST), 0);
        }
        double[] free = trained(19, 0, 1000);
        assertTrue(cost(free, inputs(TRAINING), scores(TRAINING), 0) < 1e-15, "without a penalty seed 19 fits exactly");
        assertEquals(0.097, cost(free, inputs(TEST), scores(TEST), 0), 0.001, "and its test cost is 0.097");
        assertTrue(train[0] < 1e-5 && train[1] < 1e-4, "up to 3e-6 the training rows are fitted nearly exactly");
        assertEquals(0.02, test[0], 0.001, "learnt by heart: test cost 0.02 at 1e-6");
        assertEquals(0.017, test[1], 0.001, "and 0.017 at 3e-6");
        assertEquals(0.0019, train[2], 0.00005, "by 1e-5 another minimum, a little worse than the plane's 0.0016");
        assertTrue(test[2] < 0.004, "and its test cost near the plane's");
        int lowest = 0;
        for (int i = 1; i < 9; i++) if (test[i] < test[lowest]) lowest = i;
        assertEquals(5, lowest, "lowest at λ = 10^-3.5");
        assertEquals(0.0022, test[5], 0.00005);
        assertEquals(0.0027, test[4], 0.00005, "Part 7's λ = 1e-4");
        for (int i = 3; i < 9; i++) assertTrue(train[i] > train[i - 1], "from 1e-5 on the training cost rises smoothly");
    }

    @Test
    void theFirstOfTenSigmoidLayersLearnsAboutEightHundredFiftyThousandTimesMoreSlowly() {
        // a_l = σ(w_l·a_(l−1)), every w = 1: d a10/d w_l = a_(l−1) · σ'(z_l) · … · σ'(z_10), with z_m = a_(m−1)
        double[] a = new double[11];
        a[0] = 0.5;
        for (int l = 1; l <= 10; l++) a[l] = sigmoid(a[l - 1]);
        double first = a[0], last = a[9] * a[10] * (1 - a[10]);
        for (int l = 1; l <= 10; l++) first *= a[l] * (1 - a[l]);
        Value input = new Value(0.5), out = input;
        List<Value> weights = new ArrayList<>();
        for (int l = 0; l < 10; l++) {
            Value w = new Value(1);
            weights.add(w);
            out = w.times(out).sigmoid();
        }
        out.backward();
        assertEquals(first, weights.get(0).grad, 1e-20);
        assertEquals(last, weights.get(9).grad, 1e-15);
        assertEquals(8.5e5, last / first, 0.05e5, "the lesson prints about 850,000");
    }
}
