package backprop.course;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientDescentTest {

    private final StatQuestNetwork net = new StatQuestNetwork();
    /** The exact optimum: SSR is a parabola in b3, least at the mean residual at b3 = 0. */
    private final double optimum = mean(net.observed) - mean(net.predict(0));

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private GradientDescent.Descent descend(double lr, int maxSteps) {
        return GradientDescent.minimise("b3", net::SSR, net::dSSRdb3, 0, lr, 0.001, maxSteps);
    }

    @Test
    void theFirstStepsAreTheVideos() {
        List<GradientDescent.Step> steps = descend(0.1, 100).steps();
        assertEquals(-1.57, steps.get(0).stepSize(), 0.005);
        assertEquals(1.57, steps.get(0).newParameter(), 0.005);
        assertEquals(-6.26, steps.get(1).slope(), 0.01);
        assertEquals(2.19, steps.get(1).newParameter(), 0.005);
    }

    @Test
    void itConvergesToTheExactOptimum() {
        GradientDescent.Descent h = descend(0.1, 100);
        assertTrue(h.converged());
        assertEquals(optimum, h.result(), 0.001);
        assertEquals(2.61, h.result(), 0.005);
        assertTrue(Math.abs(h.steps().get(h.steps().size() - 1).stepSize()) < 0.001);
    }

    @Test
    void eachStepKeepsFortyPercentOfTheDistance() {
        // SSR'' = 2n = 6, so the distance to the optimum shrinks by (1 − 6·lr) = 0.4 each step
        for (GradientDescent.Step s : descend(0.1, 100).steps()) {
            assertEquals(0.4, (s.newParameter() - optimum) / (s.parameter() - optimum), 1e-9);
        }
    }

    @Test
    void aSixthLandsInOneStepAndAThirdOrMoreDiverges() {
        GradientDescent.Descent sixth = descend(1.0 / 6, 100);
        assertEquals(optimum, sixth.steps().get(0).newParameter(), 1e-12);
        GradientDescent.Descent tooBig = descend(0.4, 30);
        assertFalse(tooBig.converged());
        assertTrue(Math.abs(tooBig.result() - optimum) > 1000);
    }

    @Test
    void theTableHasOneRowPerStep() {
        GradientDescent.Descent h = descend(0.1, 100);
        assertEquals(h.steps().size(), h.toTable().rowCount());
        assertEquals(List.of("step", "b3", "cost", "slope", "step size", "new b3"), h.toTable().columnNames());
    }

    @Test
    void anInterruptStopsIt() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> descend(0.1, 100));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aLearningRateThatIsNotPositiveIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> descend(0, 10));
        assertTrue(e.getMessage().contains("learning rate"));
    }
}
