package backprop.course;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Which digit was taken for which (lesson 08): {@code counts[t][p]} images that show t were classified
 * as p. The diagonal holds the right answers; every other count is a kind of mistake.
 *
 * @param counts a row per true digit, a column per predicted digit
 */
public record ConfusionMatrix(int[][] counts) {

    private static final int CELL = 34, LEFT = 78, TOP = 78, MARGIN = 16;

    /** The counts of each (true, predicted) pair. */
    public static ConfusionMatrix of(int[] actual, int[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " labels and " + predicted.length + " predictions: one each");
        }
        int[][] counts = new int[Digits.DIGITS][Digits.DIGITS];
        for (int i = 0; i < actual.length; i++) counts[actual[i]][predicted[i]]++;
        return new ConfusionMatrix(counts);
    }

    /** How many images the matrix counts. */
    public int total() {
        int n = 0;
        for (int[] row : counts) for (int count : row) n += count;
        return n;
    }

    /** How many were classified wrong: everything off the diagonal. */
    public int mistakes() {
        int right = 0;
        for (int d = 0; d < counts.length; d++) right += counts[d][d];
        return total() - right;
    }

    /** The mistakes in words, most frequent first: "7 read as 1 (2 times)", for the picture's description. */
    public String mistakesInWords() {
        StringBuilder words = new StringBuilder();
        int largest = 0;
        for (int t = 0; t < counts.length; t++) for (int p = 0; p < counts.length; p++) if (t != p) largest = Math.max(largest, counts[t][p]);
        for (int n = largest; n > 0; n--) {
            for (int t = 0; t < counts.length; t++) {
                for (int p = 0; p < counts.length; p++) {
                    if (t != p && counts[t][p] == n) {
                        words.append(words.length() == 0 ? "" : "; ").append(t).append(" read as ").append(p)
                                .append(" (").append(n).append(n == 1 ? " time)" : " times)");
                    }
                }
            }
        }
        return words.length() == 0 ? "no mistakes" : words.toString();
    }

    /** The matrix as a picture: a square per pair, darker the larger its share of the true digit's images, its count written in it. */
    public ChartImage picture(String title) {
        int size = Digits.DIGITS * CELL, width = LEFT + size + MARGIN, height = TOP + size + MARGIN;
        BufferedImage picture = new BufferedImage(width * Charts.PIXEL_DENSITY, height * Charts.PIXEL_DENSITY, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = DigitPictures.titled(picture, title);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            DigitPictures.centred(g, "predicted digit", LEFT + size / 2, 46);
            AffineTransform straight = g.getTransform();
            g.rotate(-Math.PI / 2);
            DigitPictures.centred(g, "true digit", -(TOP + size / 2), 30);
            g.setTransform(straight);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int d = 0; d < Digits.DIGITS; d++) {
                DigitPictures.centred(g, Integer.toString(d), LEFT + d * CELL + CELL / 2, TOP - 10);
                DigitPictures.centred(g, Integer.toString(d), LEFT - 14, TOP + d * CELL + CELL / 2 + 4);
            }
            for (int t = 0; t < Digits.DIGITS; t++) {
                int row = 0;
                for (int count : counts[t]) row += count;
                for (int p = 0; p < Digits.DIGITS; p++) {
                    double share = row == 0 ? 0 : (double) counts[t][p] / row;
                    // white for none, the course's blue (#0072B2) for all of the row: a mistake's square shows faintly
                    double s = counts[t][p] == 0 ? 0 : Math.max(share, 0.12);
                    g.setColor(new Color(mix(255, 0x00, s), mix(255, 0x72, s), mix(255, 0xB2, s)));
                    g.fillRect(LEFT + p * CELL, TOP + t * CELL, CELL, CELL);
                    g.setColor(new Color(225, 225, 225));
                    g.drawRect(LEFT + p * CELL, TOP + t * CELL, CELL, CELL);
                    if (counts[t][p] > 0) {
                        g.setColor(s > 0.5 ? Color.WHITE : Color.BLACK);
                        DigitPictures.centred(g, Integer.toString(counts[t][p]), LEFT + p * CELL + CELL / 2, TOP + t * CELL + CELL / 2 + 4);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return ChartImage.of(picture, width, "Picture \"" + title + "\": rows the true digit, columns the predicted one; " + (total() - mistakes())
                + " of " + total() + " on the diagonal (right); the mistakes: " + mistakesInWords() + ".");
    }

    private static int mix(int from, int to, double share) {
        return (int) Math.round(from + (to - from) * share);
    }
}
