package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckTest {

    @Test
    void relativeErrorOfAWorkedExample() {
        // ‖(1,2) − (1,2.2)‖ / ‖(2, 4.2)‖ = 0.2 / √(4 + 17.64)
        assertEquals(0.2 / Math.sqrt(21.64), GradientCheck.relativeError(new double[] {1, 2}, new double[] {1, 2.2}), 1e-15);
        assertEquals(0, GradientCheck.relativeError(new double[] {3, -4}, new double[] {3, -4}));
    }

    @Test
    void theReportNamesTheWorstEntry() {
        GradientCheck.Report r = GradientCheck.check(new double[] {1, 2, 3}, new double[] {1, 2.5, 3.1},
                List.of("a", "b", "c"), 1e-8);
        assertFalse(r.passes());
        assertEquals("b", r.worstName());
        assertTrue(r.toString().startsWith("FAIL") && r.toString().contains("at b"), r.toString());
    }

    @Test
    void theLibrarysNumericalGradientPassesTheCheckAndRestoresTheWeights() {
        for (int hidden : new int[] {2, 3, 8}) {
            WelchLabsNetwork net = new WelchLabsNetwork(hidden, 100 + hidden);
            SimpleMatrix X = WelchLabsNetwork.X(), y = WelchLabsNetwork.y();
            double[] before = net.getParams();
            double[] numgrad = NumericalGradient.computeNumericalGradient(net, X, y, 1e-4);
            assertArrayEquals(before, net.getParams(), 0);
            GradientCheck.Report r = GradientCheck.check(net.computeGradients(X, y), numgrad, GradientCheck.weightNames(net), 1e-8);
            assertTrue(r.passes(), r.toString());
        }
    }

    @Test
    void aGradientWithTheSignDroppedFails() {
        WelchLabsNetwork net = new WelchLabsNetwork();
        SimpleMatrix X = WelchLabsNetwork.X(), y = WelchLabsNetwork.y();
        double[] grad = net.computeGradients(X, y);
        grad[0] = -grad[0];
        GradientCheck.Report r = GradientCheck.check(grad, NumericalGradient.computeNumericalGradient(net, X, y, 1e-4),
                GradientCheck.weightNames(net), 1e-8);
        assertFalse(r.passes());
        assertEquals("W1[0][0]", r.worstName());
    }

    @Test
    void gradientsOfDifferentLengthsAreAClearError() {
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.relativeError(new double[2], new double[3]));
    }
}
