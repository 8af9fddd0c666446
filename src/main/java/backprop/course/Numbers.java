package backprop.course;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Numbers as a notebook shows them, the same on every machine (a dot for the decimal point,
 * whatever the learner's locale). A cell reads like the math:
 * {@code System.out.println("SSR at b3 = 0: " + rounded(net.SSR(0), 2));} after
 * {@code import static backprop.course.Numbers.*;}. The variables keep full precision; only the
 * text is rounded. Introduced in notebook 01.
 */
public final class Numbers {

    private Numbers() {}

    /** {@code value} with exactly {@code decimals} decimal places: rounded(20.4167, 2) is "20.42". */
    public static String rounded(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * {@code value} rounded to {@code digits} significant digits, without trailing zeros:
     * significant(0.000312345, 3) is "0.000312", significant(1.1234e-10, 3) is "1.12e-10".
     * Plain notation from 0.0001 up to ten million, powers of ten outside.
     */
    public static String significant(double value, int digits) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
        double magnitude = Math.abs(rounded.doubleValue());
        if (magnitude >= 1e-4 && magnitude < 1e7) {
            return rounded.toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        return rounded.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }

    /** A format that shows at most {@code decimals} decimal places: 2.61087 as 2.61, 3.0 as 3 (for tables). */
    static DecimalFormat atMost(int decimals) {
        return new DecimalFormat(decimals == 0 ? "0" : "0." + "#".repeat(decimals), DecimalFormatSymbols.getInstance(Locale.ROOT));
    }
}
