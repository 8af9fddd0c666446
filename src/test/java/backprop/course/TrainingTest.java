package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {

    @Test
    void gradientDescentEqualsStepsAlongTheNumericalGradient() {
        SimpleMatrix X = WelchLabsNetwork.X(), y = WelchLabsNetwork.y();
        WelchLabsNetwork trained = new WelchLabsNetwork();
        WelchLabsNetwork reference = new WelchLabsNetwork();
        double[] cost = Training.gradientDescent(trained, X, y, 0.5, 20, (i, n, c) -> {});
        for (int i = 0; i < 20; i++) {
            double[] p = reference.getParams();
            double[] g = NumericalGradient.computeNumericalGradient(reference, X, y, 1e-5);
            for (int k = 0; k < p.length; k++) p[k] -= 0.5 * g[k];
            reference.setParams(p);
        }
        assertArrayEquals(reference.getParams(), trained.getParams(), 1e-8);
        assertEquals(21, cost.length);
        assertEquals(reference.costFunction(X, y), cost[20], 1e-10);
    }

    @Test
    void theCostFallsAndTheListenerHearsEveryIteration() {
        AtomicInteger heard = new AtomicInteger();
        double[] cost = Training.gradientDescent(new WelchLabsNetwork(), WelchLabsNetwork.X(), WelchLabsNetwork.y(), 1.0, 500,
                (i, n, c) -> heard.incrementAndGet());
        assertEquals(500, heard.get());
        assertTrue(cost[500] < cost[0] / 10, cost[0] + " -> " + cost[500]);
    }

    @Test
    void anInterruptStopsTraining() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> Training.gradientDescent(new WelchLabsNetwork(),
                    WelchLabsNetwork.X(), WelchLabsNetwork.y(), 1.0, 10, (i, n, c) -> {}));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void progressIsAnHtmlBar() {
        String html = Progress.html(25, 100, "J < 1");
        assertTrue(html.contains("<progress value=\"25\" max=\"100\"") && html.contains("(25%) J &lt; 1"), html);
    }
}
