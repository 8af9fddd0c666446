package backprop.course;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NumericalGradientTest {

    @Test
    void slopesOfFunctionsWhoseDerivativeIsKnown() {
        assertEquals(2 * 3.0, NumericalGradient.centralDifference(x -> x * x, 3, 1e-5), 1e-8);
        assertEquals(Math.cos(0.7), NumericalGradient.centralDifference(Math::sin, 0.7, 1e-5), 1e-9);
        assertEquals(Math.exp(1), NumericalGradient.centralDifference(Math::exp, 1, 1e-5), 1e-8);
    }
}
