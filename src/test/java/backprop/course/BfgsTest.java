package backprop.course;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BfgsTest {

    /** Rosenbrock's banana valley, f = (1 − a)² + 100 (b − a²)², its minimum 0 at (1, 1). */
    private static double rosenbrock(double[] w) {
        return (1 - w[0]) * (1 - w[0]) + 100 * (w[1] - w[0] * w[0]) * (w[1] - w[0] * w[0]);
    }

    private static double[] rosenbrockGradient(double[] w) {
        return new double[] {-2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] * w[0]), 200 * (w[1] - w[0] * w[0])};
    }

    @Test
    void itFindsTheBottomOfRosenbrocksValleyFromTheClassicStart() {
        List<Integer> heard = new ArrayList<>();
        Bfgs.Result result = Bfgs.minimise(BfgsTest::rosenbrock, BfgsTest::rosenbrockGradient, new double[] {-1.2, 1}, 500,
                (k, w, cost) -> heard.add(k));
        assertArrayEquals(new double[] {1, 1}, result.weights(), 1e-6);
        assertEquals("the gradient is negligible", result.stopped());
        List<Double> costs = result.curve().costs();
        assertEquals(24.2, costs.get(0), 1e-9, "iteration 0 is the start");
        for (int k = 1; k < costs.size(); k++) {
            assertTrue(costs.get(k) <= costs.get(k - 1), "the cost never rises: iteration " + k);
        }
        assertEquals(costs.size() - 1, heard.size(), "the listener hears every iteration");
        for (int k = 0; k < heard.size(); k++) assertEquals(k + 1, heard.get(k));
        assertTrue(result.evaluations() >= heard.size(), "at least one evaluation per iteration");
    }

    @Test
    void onAParabolaTheSecondStepLandsOnTheOptimum() {
        // f = 3 (b − 2.5)²: curvature 6, as notebook 03's SSR(b3)
        Bfgs.Result result = Bfgs.minimise(b -> 3 * (b[0] - 2.5) * (b[0] - 2.5), b -> new double[] {6 * (b[0] - 2.5)},
                new double[] {0}, 50, (k, b, cost) -> {});
        assertEquals(2, result.curve().costs().size() - 1, "two iterations");
        assertEquals(2.5, result.weights()[0], 1e-12);
    }

    @Test
    void anIllConditionedBowlTakesGradientDescentThousandsOfStepsAndBfgsAFew() {
        // f = ½(a² + 1000 b²): curvatures 1 and 1000, gradient descent's η must stay below 2/1000
        Bfgs.Result result = Bfgs.minimise(w -> 0.5 * (w[0] * w[0] + 1000 * w[1] * w[1]), w -> new double[] {w[0], 1000 * w[1]},
                new double[] {1, 1}, 100, (k, w, cost) -> {});
        assertTrue(result.curve().costs().size() - 1 <= 10, "BFGS: " + (result.curve().costs().size() - 1) + " iterations");
        assertArrayEquals(new double[] {0, 0}, result.weights(), 1e-9);
        double a = 1, b = 1;
        int steps = 0;
        while (0.5 * (a * a + 1000 * b * b) > 1e-12) {
            a -= 0.0019 * a;
            b -= 0.0019 * 1000 * b;
            steps++;
        }
        assertTrue(steps > 5000, "gradient descent: " + steps + " steps");
    }

    @Test
    void itStopsAtTheIterationLimitAndSaysSo() {
        Bfgs.Result result = Bfgs.minimise(BfgsTest::rosenbrock, BfgsTest::rosenbrockGradient, new double[] {-1.2, 1}, 5,
                (k, w, cost) -> {});
        assertEquals("the iteration limit", result.stopped());
        assertEquals(6, result.curve().costs().size(), "the start and five iterations");
        assertEquals(rosenbrock(result.weights()), result.curve().last(), 1e-15, "the curve ends at the weights returned");
    }
}
