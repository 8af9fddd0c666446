package backprop.course;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Against the figures StatQuest's video shows (to the precision the video rounds them to). */
class StatQuestNetworkTest {

    private final StatQuestNetwork net = new StatQuestNetwork();

    @Test
    void predictionsAtB3ZeroAreTheVideos() {
        assertArrayEquals(new double[] {-2.6, -1.6, -2.61}, net.predict(0), 0.01);
    }

    @Test
    void ssrAndSlopeAtB3ZeroAreTheVideos() {
        assertEquals(20.4, net.SSR(0), 0.05);
        assertEquals(-15.7, net.dSSRdb3(0), 0.05);
    }

    @Test
    void theChainRuleSlopeEqualsTheCentralDifference() {
        for (double b3 = -3; b3 <= 5; b3 += 0.5) {
            double h = 1e-5;
            double numeric = (net.SSR(b3 + h) - net.SSR(b3 - h)) / (2 * h);
            assertEquals(numeric, net.dSSRdb3(b3), 1e-6, "at b3 = " + b3);
        }
    }

    @Test
    void theOptimumIsTheMeanResidualAtZeroAboutTwoPointSixOne() {
        // SSR(b3) = Σ (r_i − b3)² with r = observed − predict(0): least at b3 = mean(r)
        double[] p = net.predict(0);
        double mean = ((0 - p[0]) + (1 - p[1]) + (0 - p[2])) / 3;
        assertEquals(2.61, mean, 0.005);
        assertEquals(0, net.dSSRdb3(mean), 1e-12);
    }
}
