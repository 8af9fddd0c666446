package backprop.course;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * A number that remembers how it was made, so that {@link #backward()} can run the chain rule back
 * through everything that made it: a scalar autograd, as Andrej Karpathy's micrograd does it in
 * Python. Build a cost from Values with {@code plus}, {@code times}, {@code sigmoid} …; call
 * {@code cost.backward()}; then every Value that went into it holds dCost/dValue in {@link #grad}.
 *
 * <p>Each operation makes a new Value and gives it a {@link #backwardStep}: the chain rule's local
 * step, which adds (local derivative × the new Value's grad) to the grad of each Value it was made
 * from. It <em>adds</em> ({@code +=}): a Value used twice gets a share of the gradient from each use.
 * Introduced in notebook 06.
 */
public final class Value {

    /** The number. */
    public double data;
    /** dOutput/dThis, after {@code output.backward()}. */
    public double grad;
    /** The operation that made it ("+", "×", "sigmoid" …), or "" for a number given from outside. */
    public final String op;
    /** A name to show in a graph ("w1", "b3"), or "". */
    public String label = "";
    /** The Values it was made from. */
    public final List<Value> from;
    /** The chain rule's local step: adds this Value's share of the gradient to the grads of {@link #from}. */
    public Runnable backwardStep = () -> {};

    /** A number given from outside: an input, a weight, a bias. */
    public Value(double data) {
        this(data, "");
    }

    /** A named number given from outside ("w1"). */
    public Value(double data, String label) {
        this.data = data;
        this.op = "";
        this.from = List.of();
        this.label = label;
    }

    /**
     * A Value made by an operation from others. For an operation of your own: make it, then set its
     * {@link #backwardStep} (see notebook 06's first exercise).
     */
    public Value(double data, String op, Value... from) {
        this.data = data;
        this.op = op;
        this.from = List.of(from);
    }

    /** This Value with a name to show in a graph. */
    public Value named(String name) {
        this.label = name;
        return this;
    }

    public Value plus(Value b) {
        Value out = new Value(data + b.data, "+", this, b);
        // d(a + b)/da = 1, d(a + b)/db = 1
        out.backwardStep = () -> {
            this.grad += out.grad;
            b.grad += out.grad;
        };
        return out;
    }

    public Value plus(double b) {
        return plus(new Value(b));
    }

    public Value minus(Value b) {
        Value out = new Value(data - b.data, "−", this, b);
        // d(a − b)/da = 1, d(a − b)/db = −1
        out.backwardStep = () -> {
            this.grad += out.grad;
            b.grad -= out.grad;
        };
        return out;
    }

    public Value minus(double b) {
        return minus(new Value(b));
    }

    public Value times(Value b) {
        Value out = new Value(data * b.data, "×", this, b);
        // d(a·b)/da = b, d(a·b)/db = a
        out.backwardStep = () -> {
            this.grad += b.data * out.grad;
            b.grad += this.data * out.grad;
        };
        return out;
    }

    public Value times(double b) {
        return times(new Value(b));
    }

    public Value div(Value b) {
        Value out = new Value(data / b.data, "÷", this, b);
        // d(a/b)/da = 1/b, d(a/b)/db = −a/b²
        out.backwardStep = () -> {
            this.grad += out.grad / b.data;
            b.grad += -this.data / (b.data * b.data) * out.grad;
        };
        return out;
    }

    public Value div(double b) {
        return div(new Value(b));
    }

    /** This Value to a constant power. */
    public Value pow(double n) {
        Value out = new Value(Math.pow(data, n), "^" + Numbers.significant(n, 3), this);
        // d(aⁿ)/da = n·aⁿ⁻¹
        out.backwardStep = () -> this.grad += n * Math.pow(data, n - 1) * out.grad;
        return out;
    }

    public Value exp() {
        Value out = new Value(Math.exp(data), "exp", this);
        // d(eᵃ)/da = eᵃ
        out.backwardStep = () -> this.grad += out.data * out.grad;
        return out;
    }

    public Value log() {
        Value out = new Value(Math.log(data), "log", this);
        // d(ln a)/da = 1/a
        out.backwardStep = () -> this.grad += out.grad / data;
        return out;
    }

    public Value sigmoid() {
        Value out = new Value(1 / (1 + Math.exp(-data)), "sigmoid", this);
        // dσ(a)/da = σ(a)·(1 − σ(a))
        out.backwardStep = () -> this.grad += out.data * (1 - out.data) * out.grad;
        return out;
    }

    public Value softplus() {
        Value out = new Value(Math.log1p(Math.exp(data)), "softplus", this);
        // d ln(1 + eᵃ)/da = σ(a)
        out.backwardStep = () -> this.grad += 1 / (1 + Math.exp(-data)) * out.grad;
        return out;
    }

    public Value tanh() {
        Value out = new Value(Math.tanh(data), "tanh", this);
        // d tanh(a)/da = 1 − tanh²(a)
        out.backwardStep = () -> this.grad += (1 - out.data * out.data) * out.grad;
        return out;
    }

    public Value relu() {
        Value out = new Value(Math.max(0, data), "relu", this);
        // d max(0, a)/da = 1 where a > 0, else 0
        out.backwardStep = () -> this.grad += (data > 0 ? 1 : 0) * out.grad;
        return out;
    }

    /** The sum of the values (a cost over several examples). */
    public static Value sum(List<Value> values) {
        Value total = values.get(0);
        for (int i = 1; i < values.size(); i++) total = total.plus(values.get(i));
        return total;
    }

    /**
     * Backpropagation: sets every grad in the graph that made this Value to d(this)/d(that Value).
     * Grads start at 0, this Value's at 1 (d this/d this); then each Value's {@link #backwardStep}
     * runs after the steps of every Value made from it (reverse topological order), so its grad is
     * complete when it passes it on.
     */
    public void backward() {
        List<Value> order = graph();
        for (Value v : order) v.grad = 0;
        grad = 1;
        for (int i = order.size() - 1; i >= 0; i--) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("backward() interrupted");
            }
            order.get(i).backwardStep.run();
        }
    }

    /** Every Value that made this one, and this one, each after all it was made from (topological order). */
    public List<Value> graph() {
        List<Value> order = new ArrayList<>();
        Set<Value> seen = new HashSet<>();   // by identity: Value keeps Object's equals
        Deque<Value> path = new ArrayDeque<>();   // no recursion: a deep graph must not overflow the stack
        Deque<Integer> nextChild = new ArrayDeque<>();   // for each Value on the path, which of its from to visit next
        path.push(this);
        nextChild.push(0);
        seen.add(this);
        while (!path.isEmpty()) {
            Value node = path.peek();
            int i = nextChild.pop();
            if (i < node.from.size()) {
                nextChild.push(i + 1);
                Value child = node.from.get(i);
                if (seen.add(child)) {
                    path.push(child);
                    nextChild.push(0);
                }
            } else {
                path.pop();
                order.add(node);   // after everything it was made from
            }
        }
        return order;
    }

    /** How many Values of each operation the graph holds ("×" → 12, "" → the numbers given from outside). */
    public Map<String, Integer> operations() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Value v : graph()) counts.merge(v.op, 1, Integer::sum);
        return counts;
    }

    @Override
    public String toString() {
        return (label.isEmpty() ? "" : label + " ") + "Value(data " + Numbers.significant(data, 6)
                + ", grad " + Numbers.significant(grad, 6) + ")";
    }
}
