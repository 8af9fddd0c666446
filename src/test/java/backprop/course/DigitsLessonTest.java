package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lesson 08's claims about the test images, trained as the notebook trains (split seed 42, 30 epochs of
 * mini-batches of 32; softmax regression and the network with 128 hidden nodes both at η = 3, the settings of
 * lowest validation cost in its sweep), and scored here by a forward pass and a count of our own, in
 * plain loops and Math.exp, not the library's.
 */
class DigitsLessonTest {

    private static final Digits DIGITS = Digits.load();

    /** How many of the images a model with these weights reads right, and its mean cross-entropy, by plain loops. */
    private static double[] scoredByHand(Digits images, SimpleMatrix W1, SimpleMatrix b1, SimpleMatrix W2, SimpleMatrix b2) {
        int right = 0;
        double cost = 0;
        for (int n = 0; n < images.size(); n++) {
            double[] input = new double[64];
            for (int i = 0; i < 64; i++) input[i] = images.pixels().get(n, i) / 16;
            double[] hidden = input;
            if (W1 != null) {
                hidden = new double[W1.numCols()];
                for (int j = 0; j < hidden.length; j++) {
                    double z = b1.get(0, j);
                    for (int i = 0; i < 64; i++) z += input[i] * W1.get(i, j);
                    hidden[j] = 1 / (1 + Math.exp(-z));
                }
            }
            double[] scores = new double[10];
            int best = 0;
            double largest = Double.NEGATIVE_INFINITY, sum = 0;
            for (int k = 0; k < 10; k++) {
                scores[k] = b2.get(0, k);
                for (int j = 0; j < hidden.length; j++) scores[k] += hidden[j] * W2.get(j, k);
                if (scores[k] > scores[best]) best = k;
                largest = Math.max(largest, scores[k]);
            }
            for (int k = 0; k < 10; k++) sum += Math.exp(scores[k] - largest);
            cost -= scores[images.labels()[n]] - largest - Math.log(sum);
            if (best == images.labels()[n]) right++;
        }
        return new double[] {right, cost / images.size()};
    }

    private static double[] network(Digits.Split split, long seed) {
        DigitsNetwork network = new DigitsNetwork(128, seed);
        MiniBatchDescent.fit(network, split.training(), 3, 32, 30, seed);
        return scoredByHand(split.test(), network.W1, network.b1, network.W2, network.b2);
    }

    private static double[] regression(Digits.Split split, long seed) {
        SoftmaxRegression regression = new SoftmaxRegression(64, 10);
        MiniBatchDescent.fit(regression, split.training(), 3, 32, 30, seed);
        return scoredByHand(split.test(), null, null, regression.W, regression.b);
    }

    @Test
    void onTheLessonsTestImagesTheNetworkReads355SoftmaxRegression349AndAlways8Reads23() {
        Digits.Split split = DIGITS.split(42, 360, 360);
        double[] network = network(split, 42), regression = regression(split, 42);
        assertEquals(355, network[0]);
        assertEquals(349, regression[0]);
        // "its test cost is about half"
        assertEquals(0.54, network[1] / regression[1], 0.005);
        int eights = 0, eightsInTraining = 0, mostInTraining = 0;
        for (int label : split.test().labels()) if (label == 8) eights++;
        for (int d = 0; d < 10; d++) {
            int count = 0;
            for (int label : split.training().labels()) if (label == d) count++;
            if (d == 8) eightsInTraining = count;
            mostInTraining = Math.max(mostInTraining, count);
        }
        assertEquals(mostInTraining, eightsInTraining, "8 is the most frequent digit in training");
        assertEquals(23, eights);
    }

    @Test
    void onEightMoreSplitsAndStartsTheNetworkAddsMinusOneToTenImagesThreeOnAverageAndItsCostIsAlwaysLower() {
        int added = 0, ahead = 0, behind = 0, fewest = Integer.MAX_VALUE, most = Integer.MIN_VALUE;
        double lowestRatio = Double.MAX_VALUE, highestRatio = 0;
        for (int seed = 1; seed <= 8; seed++) {
            Digits.Split split = DIGITS.split(seed, 360, 360);
            double[] network = network(split, seed), regression = regression(split, seed);
            int difference = (int) (network[0] - regression[0]);
            added += difference;
            fewest = Math.min(fewest, difference);
            most = Math.max(most, difference);
            if (difference > 0) ahead++;
            if (difference < 0) behind++;
            assertTrue(network[1] < regression[1], "split " + seed + ": test cost " + network[1] + " against " + regression[1]);
            lowestRatio = Math.min(lowestRatio, network[1] / regression[1]);
            highestRatio = Math.max(highestRatio, network[1] / regression[1]);
        }
        assertEquals(6, ahead);
        assertEquals(1, behind);
        assertEquals(-1, fewest);
        assertEquals(10, most);
        assertEquals(24, added);   // 3 images on average
        assertEquals(0.68, lowestRatio, 0.005);
        assertEquals(0.93, highestRatio, 0.005);
    }
}
