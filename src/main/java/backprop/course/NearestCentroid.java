package backprop.course;

import org.ejml.simple.SimpleMatrix;

/**
 * A baseline with no training loop (lesson 08): each digit's centroid is the mean of its training
 * images, pixel by pixel, and an image is classified as the digit whose centroid is nearest (the
 * smallest sum of squared pixel differences).
 *
 * @param centroids a row per digit, a column per input
 */
public record NearestCentroid(SimpleMatrix centroids) {

    /** The centroids of the training images' inputs ({@link Digits#inputs}). */
    public static NearestCentroid fit(Digits training) {
        SimpleMatrix X = training.inputs(), sums = new SimpleMatrix(Digits.DIGITS, X.numCols());
        int[] counts = new int[Digits.DIGITS];
        for (int r = 0; r < X.numRows(); r++) {
            int digit = training.labels()[r];
            counts[digit]++;
            for (int c = 0; c < X.numCols(); c++) sums.set(digit, c, sums.get(digit, c) + X.get(r, c));
        }
        for (int d = 0; d < Digits.DIGITS; d++) {
            for (int c = 0; c < X.numCols(); c++) {
                // centroid of d = (1/n_d) Σ over d's images of x
                sums.set(d, c, counts[d] == 0 ? Double.NaN : sums.get(d, c) / counts[d]);
            }
        }
        return new NearestCentroid(sums);
    }

    /** The digit of the nearest centroid for each row of inputs. */
    public int[] predict(SimpleMatrix X) {
        int[] digits = new int[X.numRows()];
        for (int r = 0; r < X.numRows(); r++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int d = 0; d < centroids.numRows(); d++) {
                double distance = 0;
                for (int c = 0; c < X.numCols(); c++) {
                    // ‖x − centroid‖² = Σ (x − centroid)²
                    distance += (X.get(r, c) - centroids.get(d, c)) * (X.get(r, c) - centroids.get(d, c));
                }
                if (distance < nearest) {
                    nearest = distance;
                    digits[r] = d;
                }
            }
        }
        return digits;
    }
}
