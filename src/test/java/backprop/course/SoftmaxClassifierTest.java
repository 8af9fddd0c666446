package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lesson 08's parts, each against a computation of its own in plain loops and Math, or a number worked out by hand. */
class SoftmaxClassifierTest {

    private static final Digits DIGITS = Digits.load();

    @Test
    void softmaxIsEToTheScoreOverTheRowsSumAndDoesNotOverflow() {
        SimpleMatrix z = new SimpleMatrix(new double[][] {{1, 2, 3}, {0, 0, 0}, {1000, 1001, 1002}});
        SimpleMatrix p = Activations.softmax(z);
        // by hand: e / (e + e² + e³) = 1 / (1 + e + e²)
        double first = 1 / (1 + Math.E + Math.E * Math.E);
        assertEquals(first, p.get(0, 0), 1e-15);
        assertEquals(Math.E * first, p.get(0, 1), 1e-15);
        assertEquals(1.0 / 3, p.get(1, 2), 1e-15);
        // the same differences, 1000 higher: e¹⁰⁰⁰ overflows a double, softmax must not
        for (int c = 0; c < 3; c++) assertEquals(p.get(0, c), p.get(2, c), 1e-15);
    }

    @Test
    void crossEntropyIsTheMeanOfMinusTheLogOfTheRightClasssProbability() {
        SimpleMatrix yHat = new SimpleMatrix(new double[][] {{0.7, 0.2, 0.1}, {0.25, 0.25, 0.5}});
        SimpleMatrix y = new SimpleMatrix(new double[][] {{1, 0, 0}, {0, 1, 0}});
        assertEquals(-(Math.log(0.7) + Math.log(0.25)) / 2, Costs.crossEntropy(yHat, y), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Costs.crossEntropy(yHat, y.transpose()));
    }

    @Test
    void theOutputsDeltaIsYHatMinusYOverNTheChainRuleThroughSoftmaxAndLog() {
        // ∂J/∂z3 measured by central differences of J(z3) = crossEntropy(softmax(z3), y), entry by entry
        Random random = new Random(3);
        SimpleMatrix z = new SimpleMatrix(4, 10), y = new SimpleMatrix(4, 10);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 10; c++) z.set(r, c, random.nextGaussian() * 2);
            y.set(r, random.nextInt(10), 1);
        }
        SimpleMatrix delta = Activations.softmax(z).minus(y).divide(4);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 10; c++) {
                int row = r, column = c;
                double slope = NumericalGradient.centralDifference(t -> {
                    SimpleMatrix nudged = z.copy();
                    nudged.set(row, column, t);
                    return Costs.crossEntropy(Activations.softmax(nudged), y);
                }, z.get(r, c), 1e-5);
                assertEquals(slope, delta.get(r, c), 1e-9, "δ3[" + r + "][" + c + "]");
            }
        }
    }

    @Test
    void backpropagationMatchesCentralDifferencesOnRealDigitsForBothModels() {
        Digits some = DIGITS.rows(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        SimpleMatrix X = some.inputs(), y = some.targets();
        DigitsNetwork network = new DigitsNetwork(6, 4);
        network.b1.set(0, 2, 0.3);
        network.b2.set(0, 5, -0.2);
        SoftmaxRegression regression = new SoftmaxRegression(64, 10);
        regression.W.set(10, 3, 0.5);
        for (SoftmaxClassifier model : new SoftmaxClassifier[] {network, regression}) {
            double[] w = model.getParams(), measured = new double[w.length];
            for (int k = 0; k < w.length; k++) {
                int index = k;
                measured[k] = NumericalGradient.centralDifference(t -> {
                    double[] nudged = w.clone();
                    nudged[index] = t;
                    model.setParams(nudged);
                    return model.cost(X, y);
                }, w[k], 1e-5);
            }
            model.setParams(w);
            double error = GradientCheck.relativeError(model.computeGradients(X, y), measured);
            assertTrue(error < 1e-8, model.getClass().getSimpleName() + ": relative error " + error);
            assertEquals(w.length, model.entryNames().size());
        }
        assertEquals("W1[0][0]", network.entryNames().get(0));
        assertEquals("b2[0][9]", network.entryNames().get(network.entryNames().size() - 1));
    }

    @Test
    void theNetworksForwardPassIsTheSameAsPlainLoops() {
        DigitsNetwork network = new DigitsNetwork(5, 9);
        network.b1.set(0, 1, 0.4);
        network.b2.set(0, 7, -0.3);
        Digits some = DIGITS.rows(new int[] {100, 200, 300});
        SimpleMatrix yHat = network.forward(some.inputs());
        for (int n = 0; n < 3; n++) {
            double[] hidden = new double[5], scores = new double[10];
            for (int j = 0; j < 5; j++) {
                double z = network.b1.get(0, j);
                for (int i = 0; i < 64; i++) z += some.pixels().get(n, i) / 16 * network.W1.get(i, j);
                hidden[j] = 1 / (1 + Math.exp(-z));
            }
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                scores[k] = network.b2.get(0, k);
                for (int j = 0; j < 5; j++) scores[k] += hidden[j] * network.W2.get(j, k);
                sum += Math.exp(scores[k]);
            }
            for (int k = 0; k < 10; k++) assertEquals(Math.exp(scores[k]) / sum, yHat.get(n, k), 1e-12);
        }
    }

    @Test
    void theWeightsStartWithStandardDeviationOneOverTheRootOfTheInputsAndTheBiasesAtZero() {
        DigitsNetwork network = new DigitsNetwork(200, 1);
        double sumOfSquares = 0;
        for (int i = 0; i < 64; i++) for (int j = 0; j < 200; j++) sumOfSquares += network.W1.get(i, j) * network.W1.get(i, j);
        assertEquals(1 / 8.0, Math.sqrt(sumOfSquares / (64 * 200)), 0.005);
        assertEquals(0, network.b1.elementSum());
        assertThrows(IllegalArgumentException.class, () -> new DigitsNetwork(0, 1));
    }

    @Test
    void aStepMovesEveryParameterAgainstItsSlope() {
        DigitsNetwork network = new DigitsNetwork(4, 2);
        Digits some = DIGITS.rows(new int[] {5, 6, 7});
        double[] before = network.getParams(), slopes = network.computeGradients(some.inputs(), some.targets());
        network.step(some.inputs(), some.targets(), 0.5);
        double[] after = network.getParams();
        for (int k = 0; k < before.length; k++) assertEquals(before[k] - 0.5 * slopes[k], after[k], 1e-15);
    }

    @Test
    void theSplitSharesNoImageAndCoversThemAllTheSameForTheSameSeed() {
        Digits.Split split = DIGITS.split(8, 360, 360);
        assertEquals(1077, split.training().size());
        assertEquals(360, split.validation().size());
        assertEquals(360, split.test().size());
        Set<String> seen = new HashSet<>();
        for (Digits part : new Digits[] {split.training(), split.validation(), split.test()}) {
            for (int r = 0; r < part.size(); r++) seen.add(Arrays.toString(part.pixels().getRow(r).getDDRM().data) + part.labels()[r]);
        }
        Set<String> all = new HashSet<>();
        for (int r = 0; r < DIGITS.size(); r++) all.add(Arrays.toString(DIGITS.pixels().getRow(r).getDDRM().data) + DIGITS.labels()[r]);
        assertEquals(all, seen);   // (the file repeats no image with its label: the sets are as large as the data)
        assertEquals(DIGITS.size(), all.size());
        assertArrayEquals(split.test().labels(), DIGITS.split(8, 360, 360).test().labels());
        assertThrows(IllegalArgumentException.class, () -> DIGITS.split(8, 1000, 797));
    }

    @Test
    void theBaselinesAnswerAsPlainLoopsDoAndNearestCentroidReads328OfTheLessonsTestImages() {
        Digits.Split split = DIGITS.split(42, 360, 360);
        int[] counts = new int[10];
        for (int label : split.training().labels()) counts[label]++;
        int most = 0;
        for (int d = 0; d < 10; d++) if (counts[d] > counts[most]) most = d;
        assertEquals(most, split.training().mostFrequent());
        // nearest centroid from the raw pixels (0-16): dividing every pixel by 16 changes no distance's order
        double[][] centroids = new double[10][64];
        for (int r = 0; r < split.training().size(); r++) {
            for (int c = 0; c < 64; c++) centroids[split.training().labels()[r]][c] += split.training().pixels().get(r, c) / counts[split.training().labels()[r]];
        }
        int[] predicted = NearestCentroid.fit(split.training()).predict(split.test().inputs());
        int right = 0;
        for (int r = 0; r < split.test().size(); r++) {
            int nearest = 0;
            double best = Double.MAX_VALUE;
            for (int d = 0; d < 10; d++) {
                double distance = 0;
                for (int c = 0; c < 64; c++) distance += Math.pow(split.test().pixels().get(r, c) - centroids[d][c], 2);
                if (distance < best) {
                    best = distance;
                    nearest = d;
                }
            }
            assertEquals(nearest, predicted[r], "test image " + r);
            if (nearest == split.test().labels()[r]) right++;
        }
        assertEquals(right / 360.0, split.test().accuracy(predicted), 1e-15);
        assertEquals(328, right);   // lesson 08's test table
    }

    @Test
    void oneEpochOfOneBatchIsOneFullStepAndTheHistoryCountsRightAnswers() {
        Digits.Split split = DIGITS.split(8, 360, 360);
        SoftmaxRegression trained = new SoftmaxRegression(64, 10), byHand = new SoftmaxRegression(64, 10);
        MiniBatchDescent.History history = MiniBatchDescent.train(trained, split.training(), split.validation(), 0.5, 100_000, 1, 1);
        byHand.step(split.training().inputs(), split.training().targets(), 0.5);
        assertArrayEquals(byHand.getParams(), trained.getParams(), 1e-12);
        // from zeros every digit is equally likely, and a tie is the smaller digit: 0 for every image
        int zeros = 0;
        for (int label : split.validation().labels()) if (label == 0) zeros++;
        assertEquals(zeros / 360.0, history.validationAccuracy()[0], 1e-15);
        assertEquals(Math.log(10), history.trainingCost()[0], 1e-12);
        assertEquals(1, history.epochs());
    }

    @Test
    void fitTakesTrainsStepsExactlyAndItsModelScoresAsTrainsLastMeasurement() {
        Digits.Split split = DIGITS.split(3, 360, 360);
        DigitsNetwork measured = new DigitsNetwork(8, 5), unmeasured = new DigitsNetwork(8, 5);
        MiniBatchDescent.History history = MiniBatchDescent.train(measured, split.training(), split.validation(), 1, 50, 3, 7);
        MiniBatchDescent.fit(unmeasured, split.training(), 1, 50, 3, 7);
        // not close: the same numbers, step for step (a measurement changes nothing the next step uses)
        assertArrayEquals(measured.getParams(), unmeasured.getParams(), 0);
        SimpleMatrix probabilities = unmeasured.forward(split.validation().inputs());
        assertEquals(history.validationCost()[3], Costs.crossEntropy(probabilities, split.validation().targets()), 0);
        assertEquals(history.lastValidationAccuracy(), split.validation().accuracy(SoftmaxClassifier.mostProbable(probabilities)), 0);
        // and the steps did something: three epochs from the same start are not the start
        assertTrue(history.validationCost()[3] < history.validationCost()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MiniBatchDescent.fit(unmeasured, split.training(), 0, 50, 3, 7));
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    }

    @Test
    void theConfusionMatrixCountsEachPairAndNamesTheMistakes() {
        ConfusionMatrix matrix = ConfusionMatrix.of(new int[] {4, 4, 1, 7, 7, 7}, new int[] {4, 1, 1, 1, 7, 1});
        assertEquals(6, matrix.total());
        assertEquals(3, matrix.mistakes());
        assertEquals(2, matrix.counts()[7][1]);
        assertEquals("7 read as 1 (2 times); 4 read as 1 (1 time)", matrix.mistakesInWords());
        ChartImage picture = matrix.picture("test");
        assertTrue(picture.description().startsWith("Picture \"test\": rows the true digit"), picture.description());
        assertTrue(picture.description().contains("3 of 6 on the diagonal"));
    }
}
