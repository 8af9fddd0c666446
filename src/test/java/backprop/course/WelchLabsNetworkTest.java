package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WelchLabsNetworkTest {

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** The forward pass written with plain loops, independent of EJML. */
    private static double[] forwardByLoops(double[][] x, double[][] w1, double[] w2) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double z3 = 0;
            for (int j = 0; j < w2.length; j++) {
                double z2 = 0;
                for (int k = 0; k < x[i].length; k++) z2 += x[i][k] * w1[k][j];
                z3 += sigmoid(z2) * w2[j];
            }
            out[i] = sigmoid(z3);
        }
        return out;
    }

    @Test
    void theDataIsNormalisedAsInTheLesson() {
        assertArrayEquals(new double[] {0.3, 1, 0.5, 0.2, 1, 0.4}, WelchLabsNetwork.X().getDDRM().getData(), 1e-15);
        assertArrayEquals(new double[] {0.75, 0.82, 0.93}, WelchLabsNetwork.y().getDDRM().getData(), 1e-15);
    }

    @Test
    void forwardAgreesWithPlainLoops() {
        for (int hidden : new int[] {1, 3, 7}) {
            WelchLabsNetwork net = new WelchLabsNetwork(hidden, 7 + hidden);
            double[][] x = {{0.3, 1}, {0.5, 0.2}, {1, 0.4}};
            double[][] w1 = new double[2][hidden];
            double[] w2 = new double[hidden];
            for (int k = 0; k < 2; k++) for (int j = 0; j < hidden; j++) w1[k][j] = net.W1.get(k, j);
            for (int j = 0; j < hidden; j++) w2[j] = net.W2.get(j, 0);
            assertArrayEquals(forwardByLoops(x, w1, w2), net.forward(WelchLabsNetwork.X()).getDDRM().getData(), 1e-14);
        }
    }

    /**
     * The gradient by the chain rule written with plain loops, one example and one weight at a
     * time (no matrices): dJ/dW2[j] = Σᵢ −(yᵢ − ŷᵢ) f'(z3ᵢ) a2ᵢⱼ and
     * dJ/dW1[k][j] = Σᵢ −(yᵢ − ŷᵢ) f'(z3ᵢ) W2[j] f'(z2ᵢⱼ) xᵢₖ, laid out W1 row by row, then W2.
     */
    private static double[] gradientByLoops(double[][] x, double[] y, double[][] w1, double[] w2) {
        int hidden = w2.length;
        double[] dW1 = new double[2 * hidden], dW2 = new double[hidden];
        for (int i = 0; i < x.length; i++) {
            double[] z2 = new double[hidden], a2 = new double[hidden];
            double z3 = 0;
            for (int j = 0; j < hidden; j++) {
                for (int k = 0; k < 2; k++) z2[j] += x[i][k] * w1[k][j];
                a2[j] = sigmoid(z2[j]);
                z3 += a2[j] * w2[j];
            }
            double yHat = sigmoid(z3);
            double outputError = -(y[i] - yHat) * sigmoid(z3) * (1 - sigmoid(z3));
            for (int j = 0; j < hidden; j++) {
                dW2[j] += outputError * a2[j];
                double hiddenError = outputError * w2[j] * a2[j] * (1 - a2[j]);
                for (int k = 0; k < 2; k++) dW1[k * hidden + j] += hiddenError * x[i][k];
            }
        }
        double[] all = new double[3 * hidden];
        System.arraycopy(dW1, 0, all, 0, 2 * hidden);
        System.arraycopy(dW2, 0, all, 2 * hidden, hidden);
        return all;
    }

    @Test
    void backpropagationAgreesWithPlainLoops() {
        double[][] x = {{0.3, 1}, {0.5, 0.2}, {1, 0.4}};
        double[] y = {0.75, 0.82, 0.93};
        for (int hidden : new int[] {1, 3, 6}) {
            WelchLabsNetwork net = new WelchLabsNetwork(hidden, 40 + hidden);
            double[][] w1 = new double[2][hidden];
            double[] w2 = new double[hidden];
            for (int k = 0; k < 2; k++) for (int j = 0; j < hidden; j++) w1[k][j] = net.W1.get(k, j);
            for (int j = 0; j < hidden; j++) w2[j] = net.W2.get(j, 0);
            assertArrayEquals(gradientByLoops(x, y, w1, w2), net.computeGradients(WelchLabsNetwork.X(), WelchLabsNetwork.y()), 1e-14);
        }
    }

    /**
     * Notebook 04's case to check on paper, W1 = [[.1, .2, .3], [.4, .5, .6]], W2 = [.7, .8, .9]ᵀ:
     * ŷ, J and both gradients, which the notebook prints to 10 significant digits, agree with the
     * plain loops to far better than that.
     */
    @Test
    void theCaseByHandAgreesWithPlainLoops() {
        double[][] x = {{0.3, 1}, {0.5, 0.2}, {1, 0.4}};
        double[] y = {0.75, 0.82, 0.93};
        double[][] w1 = {{.1, .2, .3}, {.4, .5, .6}};
        double[] w2 = {.7, .8, .9};
        WelchLabsNetwork net = new WelchLabsNetwork(new SimpleMatrix(w1), new SimpleMatrix(new double[][] {{.7}, {.8}, {.9}}));
        assertEquals(3, net.hiddenLayerSize);
        double[] yHat = forwardByLoops(x, w1, w2);
        assertArrayEquals(yHat, net.forward(WelchLabsNetwork.X()).getDDRM().getData(), 1e-15);
        double cost = 0;
        for (int i = 0; i < 3; i++) cost += 0.5 * (y[i] - yHat[i]) * (y[i] - yHat[i]);
        assertEquals(cost, net.costFunction(WelchLabsNetwork.X(), WelchLabsNetwork.y()), 1e-15);
        assertArrayEquals(gradientByLoops(x, y, w1, w2), net.computeGradients(WelchLabsNetwork.X(), WelchLabsNetwork.y()), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new WelchLabsNetwork(new SimpleMatrix(3, 2), new SimpleMatrix(3, 1)));
    }

    @Test
    void costIsHalfTheSumOfSquaredErrors() {
        WelchLabsNetwork net = new WelchLabsNetwork();
        double[] yHat = net.forward(WelchLabsNetwork.X()).getDDRM().getData();
        double[] y = {0.75, 0.82, 0.93};
        double expected = 0;
        for (int i = 0; i < 3; i++) expected += 0.5 * (y[i] - yHat[i]) * (y[i] - yHat[i]);
        assertEquals(expected, net.costFunction(WelchLabsNetwork.X(), WelchLabsNetwork.y()), 1e-15);
    }

    @Test
    void backpropagationAgreesWithCentralDifferences() {
        for (int hidden : new int[] {1, 2, 3, 5, 10}) {
            for (long seed = 1; seed <= 3; seed++) {
                WelchLabsNetwork net = new WelchLabsNetwork(hidden, seed);
                SimpleMatrix X = WelchLabsNetwork.X(), y = WelchLabsNetwork.y();
                double[] grad = net.computeGradients(X, y);
                double[] params = net.getParams();
                double[] numgrad = new double[params.length];
                double e = 1e-4;
                for (int p = 0; p < params.length; p++) {
                    double[] plus = params.clone(), minus = params.clone();
                    plus[p] += e;
                    minus[p] -= e;
                    net.setParams(plus);
                    double jPlus = net.costFunction(X, y);
                    net.setParams(minus);
                    double jMinus = net.costFunction(X, y);
                    numgrad[p] = (jPlus - jMinus) / (2 * e);
                }
                net.setParams(params);
                double diff = 0, sum = 0;
                for (int p = 0; p < params.length; p++) {
                    diff += (grad[p] - numgrad[p]) * (grad[p] - numgrad[p]);
                    sum += (grad[p] + numgrad[p]) * (grad[p] + numgrad[p]);
                }
                double relativeError = Math.sqrt(diff) / Math.sqrt(sum);
                assertTrue(relativeError < 1e-7, "hidden " + hidden + ", seed " + seed + ": " + relativeError);
            }
        }
    }

    @Test
    void gradientsHaveTheShapesOfTheWeights() {
        WelchLabsNetwork net = new WelchLabsNetwork();
        SimpleMatrix[] d = net.costFunctionPrime(WelchLabsNetwork.X(), WelchLabsNetwork.y());
        assertEquals(2, d[0].numRows());
        assertEquals(3, d[0].numCols());
        assertEquals(3, d[1].numRows());
        assertEquals(1, d[1].numCols());
    }

    @Test
    void paramsRoundTripAndAreW1RowByRowThenW2() {
        WelchLabsNetwork net = new WelchLabsNetwork();
        double[] p = net.getParams();
        assertEquals(9, p.length);
        assertEquals(net.W1.get(0, 1), p[1]);
        assertEquals(net.W1.get(1, 0), p[3]);
        assertEquals(net.W2.get(2, 0), p[8]);
        double[] q = p.clone();
        q[4] = 123;
        net.setParams(q);
        assertEquals(123, net.W1.get(1, 1));
        assertArrayEquals(q, net.getParams());
        assertThrows(IllegalArgumentException.class, () -> net.setParams(new double[8]));
    }

    @Test
    void inputsOfTheWrongShapeAreAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WelchLabsNetwork().forward(new SimpleMatrix(3, 3)));
        assertTrue(e.getMessage().contains("3x3"), e.getMessage());
    }

    /** Lesson 04: the right shape does not make a gradient right. With 3 examples and 3 hidden nodes,
     *  a2·δ3 (the transpose forgotten) has W2's shape, 3×1, and is wrong by several per cent for any of
     *  these weights, against central differences. */
    @Test
    void aGradientWithTheTransposeForgottenHasTheRightShapeAndIsWrong() {
        SimpleMatrix x = WelchLabsNetwork.X(), y = WelchLabsNetwork.y();
        for (long seed : new long[] {42, 7, 1234}) {
            WelchLabsNetwork net = new WelchLabsNetwork(3, seed);
            net.costFunctionPrime(x, y);   // the forward pass, keeping a2, z3 and ŷ
            SimpleMatrix delta3 = y.minus(net.yHat).negative().elementMult(Activations.sigmoidPrime(net.z3));
            SimpleMatrix untransposed = net.a2.mult(delta3);
            assertEquals(net.W2.numRows(), untransposed.numRows());
            assertEquals(net.W2.numCols(), untransposed.numCols());
            double[] measured = NumericalGradient.computeNumericalGradient(net, x, y, 1e-4);
            double[] measuredW2 = java.util.Arrays.copyOfRange(measured, 6, 9);
            double error = GradientCheck.relativeError(untransposed.getDDRM().getData(), measuredW2);
            assertTrue(error > 0.05, "seed " + seed + ": relative error " + error);
            double right = GradientCheck.relativeError(net.a2.transpose().mult(delta3).getDDRM().getData(), measuredW2);
            assertTrue(right < 1e-8, "seed " + seed + ": the right order's relative error " + right);
        }
    }
}
