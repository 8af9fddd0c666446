package backprop.course;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DigitsTest {

    @Test
    void theFileIsScikitLearnsCopyUnchanged() throws IOException, NoSuchAlgorithmException {
        try (InputStream in = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
            byte[] bytes = in.readAllBytes();
            // sha256sum of sklearn/datasets/data/digits.csv.gz in scikit-learn 1.5.2's wheel from PyPI
            assertEquals("09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22",
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
    }

    @Test
    void everyImageIsReadWithItsLabel() {
        Digits digits = Digits.load();
        assertEquals(1797, digits.size());
        assertEquals(64, digits.pixels().getNumCols());
        int[] perDigit = new int[10];
        for (int label : digits.labels()) {
            perDigit[label]++;
        }
        // scikit-learn's description of the data set, and counted again with awk on the file itself
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, perDigit);
        double sum = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int r = 0; r < digits.size(); r++) {
            for (int c = 0; c < Digits.PIXELS; c++) {
                double p = digits.pixels().get(r, c);
                sum += p;
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
        }
        assertEquals(561_718, sum);   // awk -F, '{for (i = 1; i <= 64; i++) t += $i} END {print t}' on the file
        assertEquals(0, min);
        assertEquals(16, max);
    }

    @Test
    void theTableHoldsTheSamePixelsRowByRow() {
        Digits digits = Digits.load();
        Table table = digits.table();
        assertEquals(65, table.columnCount());
        assertEquals(1797, table.rowCount());
        // the file's first line: 0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0, ... ,0 (a zero)
        assertEquals(5, table.intColumn("r0c2").getInt(0));
        assertEquals(15, table.intColumn("r1c3").getInt(0));
        assertEquals(0, table.intColumn("digit").getInt(0));
        for (int r = 0; r < digits.size(); r += 97) {
            for (int c = 0; c < Digits.PIXELS; c++) {
                assertEquals(digits.pixels().get(r, c), table.intColumn(c).getInt(r));
            }
        }
    }
}
