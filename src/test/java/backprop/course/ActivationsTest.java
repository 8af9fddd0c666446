package backprop.course;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsTest {

    @Test
    void sigmoidMatchesWelchLabsCheckValues() {
        assertEquals(0.7310585786, Activations.sigmoid(1), 1e-10);
        assertEquals(0.26894142, Activations.sigmoid(-1), 1e-8);
        assertEquals(0.5, Activations.sigmoid(0), 0);
        assertEquals(0.73105858, Activations.sigmoid(1), 1e-8);
    }

    @Test
    void sigmoidPrimeEqualsBothFormsAndTheCentralDifference() {
        for (double z = -8; z <= 8; z += 0.25) {
            double f = Activations.sigmoid(z);
            assertEquals(f * (1 - f), Activations.sigmoidPrime(z), 1e-15, "f(1-f) at " + z);
            double h = 1e-5;
            double numeric = (Activations.sigmoid(z + h) - Activations.sigmoid(z - h)) / (2 * h);
            assertEquals(numeric, Activations.sigmoidPrime(z), 1e-10, "central difference at " + z);
        }
    }

    @Test
    void sigmoidPrimePeaksAtAQuarterAtZero() {
        assertEquals(0.25, Activations.sigmoidPrime(0), 0);
        for (double z = -5; z <= 5; z += 0.1) {
            assertTrue(Activations.sigmoidPrime(z) <= 0.25 + 1e-15, "at " + z);
        }
    }

    @Test
    void softplusIsLnOnePlusEToTheXAndDoesNotOverflow() {
        for (double x = -20; x <= 20; x += 0.5) {
            assertEquals(Math.log(1 + Math.exp(x)), Activations.softplus(x), 1e-12, "at " + x);
        }
        assertEquals(1000, Activations.softplus(1000), 1e-9);
        assertEquals(0, Activations.softplus(-1000), 1e-300);
    }

    @Test
    void theMatrixFormsApplyToEveryEntry() {
        org.ejml.simple.SimpleMatrix z = new org.ejml.simple.SimpleMatrix(new double[][] {{-1, 0}, {1, 2}});
        org.ejml.simple.SimpleMatrix f = Activations.sigmoid(z), fp = Activations.sigmoidPrime(z);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++) {
                assertEquals(1 / (1 + Math.exp(-z.get(r, c))), f.get(r, c), 1e-15);
                assertEquals(f.get(r, c) * (1 - f.get(r, c)), fp.get(r, c), 1e-15);
            }
    }

    @Test
    void linearPassesItsInputOn() {
        assertEquals(-3.5, Activations.linear(-3.5), 0);
    }
}
