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
import java.util.List;
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
}
