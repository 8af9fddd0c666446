package backprop.course;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTest {

    /** (f(a + h) − f(a − h)) / 2h, the central difference: a slope measured without calculus. */
    private static double centralDifference(Function<Value, Value> f, double a) {
        double h = 1e-6;
        return (f.apply(new Value(a + h)).data - f.apply(new Value(a - h)).data) / (2 * h);
    }

    @Test
    void everyOperationsBackwardMatchesTheCentralDifference() {
        Value b = new Value(-0.7);
        List<Function<Value, Value>> operations = List.of(
                a -> a.plus(b), a -> a.plus(3), a -> a.minus(b), b::minus, a -> a.times(b), a -> a.times(a),
                a -> a.div(b), b::div, a -> a.pow(3), a -> a.pow(-0.5), Value::exp, Value::log, Value::sigmoid,
                Value::softplus, Value::tanh, Value::relu, a -> a.tanh().times(a.sigmoid()).plus(a.exp().log()));
        for (double a : new double[] {0.3, 1.7}) {
            for (int i = 0; i < operations.size(); i++) {
                Value x = new Value(a);
                Value out = operations.get(i).apply(x);
                out.backward();
                assertEquals(centralDifference(operations.get(i), a), x.grad, 1e-6, "operation " + i + " at " + a);
            }
        }
    }

    @Test
    void aValueUsedTwiceGetsTheGradientOfBothUses() {
        Value x = new Value(3);
        Value square = x.times(x);
        square.backward();
        assertEquals(6, x.grad, 1e-15, "d(x·x)/dx = 2x, one x from each factor");
        square.backward();
        assertEquals(6, x.grad, 1e-15, "backward() again starts from zero grads");
    }

    @Test
    void theGraphIsInTopologicalOrderAndCountsItsOperations() {
        Value a = new Value(2, "a"), b = new Value(3, "b");
        Value c = a.times(b).plus(a).named("c");
        List<Value> order = c.graph();
        assertEquals(4, order.size());   // a, b, a·b, c
        for (Value v : order) {
            for (Value from : v.from) assertTrue(order.indexOf(from) < order.indexOf(v), "made before use");
        }
        assertEquals(c, order.get(order.size() - 1));
        assertEquals("{=2, +=1, ×=1}", c.operations().toString());
    }

    /** Welch Labs' 2-3-1 network, rebuilt from Values: J = ½ Σ (y − σ(σ(X·W1)·W2))². */
    private static Value welchLabsCost(Value[][] w1, Value[] w2, SimpleMatrix X, SimpleMatrix y) {
        List<Value> squares = new ArrayList<>();
        for (int row = 0; row < X.numRows(); row++) {
            Value z3 = new Value(0);
            for (int j = 0; j < w2.length; j++) {
                Value z2 = new Value(X.get(row, 0)).times(w1[0][j]).plus(new Value(X.get(row, 1)).times(w1[1][j]));
                z3 = z3.plus(z2.sigmoid().times(w2[j]));
            }
            Value error = new Value(y.get(row, 0)).minus(z3.sigmoid());
            squares.add(error.pow(2));
        }
        return Value.sum(squares).times(0.5);
    }

    @Test
    void welchLabsNetworkFromValuesGetsLesson04sMatrixGradients() {
        WelchLabsNetwork net = new WelchLabsNetwork(3, 42);
        double[] params = net.getParams();
        Value[][] w1 = new Value[2][3];
        Value[] w2 = new Value[3];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) w1[i][j] = new Value(params[3 * i + j]);
        for (int j = 0; j < 3; j++) w2[j] = new Value(params[6 + j]);
        Value cost = welchLabsCost(w1, w2, WelchLabsNetwork.X(), WelchLabsNetwork.y());
        cost.backward();
        double[] grads = new double[9];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) grads[3 * i + j] = w1[i][j].grad;
        for (int j = 0; j < 3; j++) grads[6 + j] = w2[j].grad;
        assertEquals(net.costFunction(WelchLabsNetwork.X(), WelchLabsNetwork.y()), cost.data, 1e-15);
        assertArrayEquals(net.computeGradients(WelchLabsNetwork.X(), WelchLabsNetwork.y()), grads, 1e-15);
    }

    @Test
    void statQuestsSlopeForB3MatchesLesson03s() {
        StatQuestNetwork net = new StatQuestNetwork();
        Value b3 = new Value(0, "b3");
        List<Value> squares = new ArrayList<>();
        for (int i = 0; i < net.dosage.length; i++) {
            double x = net.dosage[i];
            // ŷ = softplus(x·w1 + b1)·w3 + softplus(x·w2 + b2)·w4 + b3
            Value top = new Value(x).times(net.w1).plus(net.b1).softplus().times(net.w3);
            Value bottom = new Value(x).times(net.w2).plus(net.b2).softplus().times(net.w4);
            squares.add(new Value(net.observed[i]).minus(top.plus(bottom).plus(b3)).pow(2));
        }
        Value ssr = Value.sum(squares);
        ssr.backward();
        assertEquals(net.SSR(0), ssr.data, 1e-12);
        assertEquals(net.dSSRdb3(0), b3.grad, 1e-12);
    }

    @Test
    void aSmallGraphIsDrawnWholeAndALargeOneSummarised() {
        Value a = new Value(2, "a"), b = new Value(-3, "b");
        Value c = a.times(b).tanh().named("c");
        c.backward();
        String dot = ValueGraph.dot(c);
        assertTrue(dot.contains("a | data 2 | grad"), dot);
        assertTrue(dot.contains("label=\"tanh\""), dot);
        assertTrue(!dot.contains("made of"), "whole: nothing summarised");
        Value big = new Value(0);
        for (int i = 0; i < 40; i++) big = big.plus(new Value(i).times(new Value(1)));
        String summarised = ValueGraph.dot(big.named("J"));
        assertTrue(summarised.contains("made of"), summarised);
        assertTrue(ValueGraph.describe(big).startsWith("Graph of J: 161 Values (inputs and parameters 81, + 40, × 40)"), ValueGraph.describe(big));
    }

    @Test
    void theGraphImageIsShownAtTheSizeGraphvizDrewIt() {
        Value a = new Value(2, "a");
        Value c = a.times(a).named("c");
        c.backward();
        ChartImage image = ValueGraph.image(c);
        int shown = (Integer) image.getProperty(ChartImage.DISPLAY_WIDTH);
        assertEquals(image.getWidth() / Charts.PIXEL_DENSITY, shown);
        assertTrue(image.description().startsWith("Graph of c: 2 Values"), image.description());
    }

    @Test
    void aGraphTooWideForThePageIsDrawnStackedAndShownAtTheSizeOfItsText() {
        // six weighted inputs through a sigmoid each, summed: six boxes side by side in one rank
        List<Value> terms = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            terms.add(new Value(0.1 * i, "w" + i).times(new Value(i, "x" + i)).sigmoid().named("a" + i));
        }
        Value out = Value.sum(terms).named("out");
        out.backward();
        int sideBySide = ValueGraph.picture(ValueGraph.dot(out)).getWidth() / Charts.PIXEL_DENSITY;
        assertTrue(sideBySide > 900, "the premise: side by side the graph is " + sideBySide + " px wide");
        ChartImage image = ValueGraph.image(out);
        int shown = (Integer) image.getProperty(ChartImage.DISPLAY_WIDTH);
        assertEquals(image.getWidth() / Charts.PIXEL_DENSITY, shown, "shown at the size it was drawn, not shrunk");
        assertTrue(shown <= 900, "drawn stacked, it fits the page: " + shown + " px");
    }

    @Test
    void aGraphHasNoGreyEdge() {
        // lesson 06's first graph, whose picture Graphviz leaves with a half-transparent last column
        Value x = new Value(0.5, "x"), w = new Value(1.5, "w"), b = new Value(-0.2, "b");
        Value c = x.times(w).plus(b).named("z").sigmoid().named("ŷ");
        c.backward();
        ChartImage image = ValueGraph.image(c);
        for (int column : new int[] {0, image.getWidth() - 1}) {
            for (int y = 0; y < image.getHeight(); y++) {
                assertEquals(0xffffff, image.getRGB(column, y) & 0xffffff, "the pixel at x " + column + ", y " + y + " is not white");
            }
        }
    }
}
