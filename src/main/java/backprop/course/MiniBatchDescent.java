package backprop.course;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.simple.SimpleMatrix;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Notebook 07's mini-batch gradient descent for a softmax classifier (lesson 08): every epoch the
 * training images are shuffled and taken {@code batchSize} at a time, one step per batch. {@link #train}
 * keeps the accuracy and the cost on the training and the validation images after each epoch; {@link #fit}
 * takes the same steps and measures nothing.
 */
public final class MiniBatchDescent {

    private MiniBatchDescent() {}

    /**
     * What training did, epoch by epoch; index 0 is before the first step.
     *
     * @param trainingAccuracy the fraction of training images classified right
     * @param validationAccuracy the same on the validation images, which no step has seen
     * @param trainingCost the mean cross-entropy on the training images
     * @param validationCost the same on the validation images
     */
    public record History(double[] trainingAccuracy, double[] validationAccuracy, double[] trainingCost, double[] validationCost) {

        /** How many epochs were trained. */
        public int epochs() {
            return trainingAccuracy.length - 1;
        }

        /** The epochs, 0 to {@link #epochs()}, as a chart's x values. */
        public double[] epochNumbers() {
            double[] x = new double[trainingAccuracy.length];
            Arrays.setAll(x, i -> i);
            return x;
        }

        /** The validation accuracy after the last epoch. */
        public double lastValidationAccuracy() {
            return validationAccuracy[epochs()];
        }
    }

    /**
     * Trains the model in place and measures it before the first step and after every epoch; {@code seed}
     * draws the order of the images in every epoch. The steps are {@link #fit}'s, so the same arguments give
     * the same model either way.
     */
    public static History train(SoftmaxClassifier model, Digits training, Digits validation,
                                double learningRate, int batchSize, int epochs, long seed) {
        SimpleMatrix X = training.inputs(), y = training.targets(), validationX = validation.inputs();
        SimpleMatrix validationY = validation.targets();
        double[] trainingAccuracy = new double[epochs + 1], validationAccuracy = new double[epochs + 1];
        double[] trainingCost = new double[epochs + 1], validationCost = new double[epochs + 1];
        IntConsumer measure = epoch -> {
            // one forward pass per part gives both its accuracy and its cost
            SimpleMatrix onTraining = model.forward(X), onValidation = model.forward(validationX);
            trainingAccuracy[epoch] = training.accuracy(SoftmaxClassifier.mostProbable(onTraining));
            validationAccuracy[epoch] = validation.accuracy(SoftmaxClassifier.mostProbable(onValidation));
            trainingCost[epoch] = Costs.crossEntropy(onTraining, y);
            validationCost[epoch] = Costs.crossEntropy(onValidation, validationY);
        };
        steps(model, training, learningRate, batchSize, epochs, seed, measure);
        return new History(trainingAccuracy, validationAccuracy, trainingCost, validationCost);
    }

    /**
     * Trains the model in place, as {@link #train} does, without measuring it on the way: a measurement is a
     * forward pass over every training and validation image, which costs more than half as much as an
     * epoch's steps. A search over settings, which looks only at the end, trains this way.
     */
    public static void fit(SoftmaxClassifier model, Digits training, double learningRate, int batchSize, int epochs, long seed) {
        steps(model, training, learningRate, batchSize, epochs, seed, epoch -> { });
    }

    /** The epochs of steps, each after {@code measured} has seen the model as it is (epoch 0 before the first step). */
    private static void steps(SoftmaxClassifier model, Digits training, double learningRate, int batchSize, int epochs,
                              long seed, IntConsumer measured) {
        if (batchSize < 1 || epochs < 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("the batch size must be at least 1, the epochs at least 0 and the learning rate"
                    + " positive (batch " + batchSize + ", epochs " + epochs + ", η " + learningRate + ")");
        }
        SimpleMatrix X = training.inputs(), y = training.targets();
        Random random = new Random(seed);
        for (int epoch = 0; ; epoch++) {
            measured.accept(epoch);
            if (epoch == epochs) break;
            int[] order = Digits.shuffled(training.size(), random);
            for (int from = 0; from < order.length; from += batchSize) {
                int[] batch = Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
                // the batch's rows of the inputs and labels
                model.step(rows(X, batch), rows(y, batch), learningRate);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("training interrupted after epoch " + (epoch + 1));
            }
        }
    }

    private static SimpleMatrix rows(SimpleMatrix m, int[] rows) {
        int[] columns = new int[m.numCols()];
        Arrays.setAll(columns, c -> c);
        DMatrixRMaj chosen = new DMatrixRMaj(rows.length, m.numCols());
        CommonOps_DDRM.extract(m.getDDRM(), rows, rows.length, columns, columns.length, chosen);
        return SimpleMatrix.wrap(chosen);
    }
}
