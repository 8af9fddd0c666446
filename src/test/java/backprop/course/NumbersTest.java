package backprop.course;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NumbersTest {

    @Test
    void roundedKeepsExactlyTheDecimalsAskedFor() {
        assertEquals("20.42", Numbers.rounded(20.4167, 2));
        assertEquals("-1.57", Numbers.rounded(-1.5660, 2));
        assertEquals("3.00", Numbers.rounded(2.999, 2));
        assertEquals("0.000032", Numbers.rounded(0.0000321, 6));
    }

    @Test
    void significantRoundsToDigitsAndDropsTrailingZeros() {
        assertEquals("0.000312", Numbers.significant(0.000312345, 3));
        assertEquals("20.4", Numbers.significant(20.4167, 3));
        assertEquals("1.12e-10", Numbers.significant(1.1234e-10, 3));
        assertEquals("-3e8", Numbers.significant(-3e8, 3));
        assertEquals("0.631478991", Numbers.significant(0.63147899097532, 10));
        assertEquals("1000", Numbers.significant(999.99, 3));
        assertEquals("0", Numbers.significant(0, 3));
    }
}
