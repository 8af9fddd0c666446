package backprop.course;

import org.ejml.simple.SimpleMatrix;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Handwritten digits, for lesson 08: 1,797 images of 8 × 8 pixels, each pixel 0 (white) to 16 (dark),
 * each labelled with the digit it shows (0 to 9).
 *
 * <p>The data: UCI's <i>Optical Recognition of Handwritten Digits</i> (E. Alpaydin and C. Kaynak,
 * 1998; https://archive.ics.uci.edu/dataset/80, which gives it under CC BY 4.0), its test set, in the form
 * scikit-learn ships it ({@code sklearn/datasets/data/digits.csv.gz} in scikit-learn 1.5.2's wheel on
 * PyPI): one image a line, its 64 pixels row by row, then its label. Kept unchanged in
 * {@code src/main/resources/backprop/course/digits.csv.gz}; DigitsTest guards its SHA-256.
 *
 * @param pixels one image a row: 1,797 × 64, the pixels as read (0 to 16)
 * @param labels the digit each row shows
 */
public record Digits(SimpleMatrix pixels, int[] labels) {

    /** Pixels in an image: 8 rows of 8. */
    public static final int PIXELS = 64;
    /** Digits, 0 to 9: the classes, and the columns of {@link #targets}. */
    public static final int DIGITS = 10;
    static final String RESOURCE = "digits.csv.gz";

    /** The data set, read from the course library's copy. */
    public static Digits load() {
        List<int[]> rows = new ArrayList<>();
        try (InputStream packed = Digits.class.getResourceAsStream(RESOURCE)) {
            if (packed == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the course library: run environment/setup");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(packed), StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.split(",");
                int[] row = new int[PIXELS + 1];
                for (int i = 0; i <= PIXELS; i++) {
                    row[i] = Integer.parseInt(fields[i].trim());
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SimpleMatrix pixels = new SimpleMatrix(rows.size(), PIXELS);
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < PIXELS; c++) {
                pixels.set(r, c, rows.get(r)[c]);
            }
            labels[r] = rows.get(r)[PIXELS];
        }
        return new Digits(pixels, labels);
    }

    /** The images as a table: a column a pixel, {@code r0c0} to {@code r7c7} (row, then column), and {@code digit}. */
    public Table table() {
        Table table = Table.create("Handwritten digits (UCI, 8 × 8 pixels, 0 to 16)");
        for (int c = 0; c < PIXELS; c++) {
            int[] column = new int[labels.length];
            for (int r = 0; r < labels.length; r++) {
                column[r] = (int) pixels.get(r, c);
            }
            table.addColumns(IntColumn.create("r" + c / 8 + "c" + c % 8, column));
        }
        return table.addColumns(IntColumn.create("digit", labels.clone()));
    }

    /** How many images there are. */
    public int size() {
        return labels.length;
    }

    /** What the network is given: each pixel divided by 16, so 0 (white) to 1 (dark), a row per image. */
    public SimpleMatrix inputs() {
        return pixels.divide(16);
    }

    /** What the network should answer, one-hot: a row per image, 1 in its digit's column and 0 in the other nine. */
    public SimpleMatrix targets() {
        SimpleMatrix y = new SimpleMatrix(labels.length, DIGITS);
        for (int r = 0; r < labels.length; r++) {
            y.set(r, labels[r], 1);
        }
        return y;
    }

    /** The images at these rows, in this order. */
    public Digits rows(int[] rows) {
        SimpleMatrix chosen = new SimpleMatrix(rows.length, PIXELS);
        int[] chosenLabels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            chosen.setRow(i, 0, pixels.getRow(rows[i]).getDDRM().data);
            chosenLabels[i] = labels[rows[i]];
        }
        return new Digits(chosen, chosenLabels);
    }

    /** Three parts that share no image: to train on, to choose settings with, and to test once, at the end. */
    public record Split(Digits training, Digits validation, Digits test) {}

    /**
     * The images shuffled with the seed, then the first {@code validation} for validation, the next
     * {@code test} for the test and the rest for training.
     */
    public Split split(long seed, int validation, int test) {
        if (validation < 1 || test < 1 || validation + test >= size()) {
            throw new IllegalArgumentException("validation " + validation + " and test " + test
                    + " must each be at least 1 and leave images to train on (there are " + size() + ")");
        }
        int[] order = shuffled(size(), new Random(seed));
        return new Split(rows(Arrays.copyOfRange(order, validation + test, size())),
                rows(Arrays.copyOfRange(order, 0, validation)), rows(Arrays.copyOfRange(order, validation, validation + test)));
    }

    /** 0 … n − 1 in an order drawn with the random numbers (Fisher–Yates, the same on every JDK). */
    static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int kept = order[i];
            order[i] = order[j];
            order[j] = kept;
        }
        return order;
    }

    /** The digit shown most often (the smallest of a tie): the answer of a classifier that looks at no pixel. */
    public int mostFrequent() {
        int[] counts = new int[DIGITS];
        for (int label : labels) counts[label]++;
        int best = 0;
        for (int d = 1; d < DIGITS; d++) if (counts[d] > counts[best]) best = d;
        return best;
    }

    /** The fraction of images whose predicted digit is the one they show. */
    public double accuracy(int[] predicted) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " images");
        }
        int right = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
        return (double) right / labels.length;
    }
}
