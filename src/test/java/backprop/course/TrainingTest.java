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
        TrainingCurve curve = trained.train(X, y, 0.5, 20, (i, n, c) -> {});
        for (int i = 0; i < 20; i++) {
            double[] p = reference.getParams();
            double[] g = NumericalGradient.computeNumericalGradient(reference, X, y, 1e-5);
            for (int k = 0; k < p.length; k++) p[k] -= 0.5 * g[k];
            reference.setParams(p);
        }
        assertArrayEquals(reference.getParams(), trained.getParams(), 1e-8);
        assertEquals(21, curve.costs().size());
        assertEquals(reference.costFunction(X, y), curve.costAt(20), 1e-10);
        assertEquals(reference.costFunction(X, y), curve.last(), 1e-10);
        assertEquals(new WelchLabsNetwork().costFunction(X, y), curve.costAt(0), 1e-15);
    }

    @Test
    void theCostFallsAndTheListenerHearsEveryIteration() {
        AtomicInteger heard = new AtomicInteger();
        TrainingCurve curve = new WelchLabsNetwork().train(WelchLabsNetwork.X(), WelchLabsNetwork.y(), 1.0, 500,
                (i, n, c) -> heard.incrementAndGet());
        assertEquals(500, heard.get());
        assertTrue(curve.last() < curve.costAt(0) / 10, curve.costAt(0) + " -> " + curve.last());
    }

    @Test
    void anInterruptStopsTraining() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> new WelchLabsNetwork().train(
                    WelchLabsNetwork.X(), WelchLabsNetwork.y(), 1.0, 10, (i, n, c) -> {}));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aCurveNumbersItsStepsInTheLessonsWords() {
        TrainingCurve epochs = new TrainingCurve("epoch", "loss", 1, java.util.List.of(4.0, 2.0, 1.0));
        assertArrayEquals(new double[] {1, 2, 3}, epochs.steps());
        assertArrayEquals(new double[] {4, 2, 1}, epochs.costValues());
        assertEquals(2.0, epochs.costAt(2));
        assertEquals(1.0, epochs.last());
        assertEquals(java.util.List.of("epoch", "loss"), epochs.toTable().columnNames());
        assertEquals("loss per epoch", epochs.toTable().name());
    }

    @Test
    void campusXAndStatQuestTrainingGiveTheSameShape() {
        double[][] X = {{8, 8}, {7, 9}, {6, 10}, {5, 12}};
        TrainingCurve campusX = new CampusXNetwork().train(X, new double[] {4, 5, 6, 7}, 0.001, 5);
        assertEquals(1, campusX.firstStep());
        assertEquals(5, campusX.costs().size());
        StatQuestNetwork net = new StatQuestNetwork();
        GradientDescent.Descent descent = GradientDescent.minimise("b3", net::SSR, net::dSSRdb3, 0, 0.1, 0.001, 100);
        TrainingCurve statQuest = descent.curve("SSR");
        assertEquals(descent.steps().size(), statQuest.costs().size());
        assertEquals(net.SSR(0), statQuest.costAt(0), 0);
        assertEquals(descent.steps().get(3).cost(), statQuest.costAt(3), 0);
    }

    @Test
    void progressIsAnHtmlBar() {
        String html = Progress.html(25, 100, "J < 1");
        assertTrue(html.contains("<progress value=\"25\" max=\"100\"") && html.contains("(25%) J &lt; 1"), html);
    }
}
