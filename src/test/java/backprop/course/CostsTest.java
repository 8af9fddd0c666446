package backprop.course;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostsTest {

    private final double[] y = {0.75, 0.82, 0.93};
    private final double[] yHat = {0.5, 1.0, 0.9};
    // residuals 0.25, −0.18, 0.03; squares 0.0625, 0.0324, 0.0009; sum 0.0958

    @Test
    void costsOfAWorkedExample() {
        assertEquals(0.0958, Costs.SSR(y, yHat), 1e-12);
        assertEquals(0.0479, Costs.J(y, yHat), 1e-12);
        assertEquals(0.0958 / 3, Costs.MSE(y, yHat), 1e-12);
    }

    @Test
    void aPerfectPredictionCostsNothing() {
        assertEquals(0, Costs.J(y, y));
        assertEquals(0, Costs.SSR(y, y));
    }

    @Test
    void predictionsThatDoNotPairUpAreAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Costs.J(y, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 observed, 2 predicted"), e.getMessage());
    }
}
