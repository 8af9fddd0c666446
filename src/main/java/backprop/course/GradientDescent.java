package backprop.course;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleUnaryOperator;

/**
 * Gradient descent on one parameter, as StatQuest does it, recording every step so a notebook
 * can show them as a table and mark them on a chart. Introduced in notebook 03.
 *
 * <p>Each step: slope = dCost/dParameter; step size = slope × learning rate;
 * new parameter = old parameter − step size. It stops when the step size is below
 * {@code minStepSize} (converged) or after {@code maxSteps} steps, and when the learner
 * interrupts the kernel.
 */
public final class GradientDescent {

    /** One step: where it started, the cost and slope there, the step taken and where it landed. */
    public record Step(int step, double parameter, double cost, double slope, double stepSize, double newParameter) {}

    /** The steps taken, and whether they ended because the step size got small. */
    public record Descent(List<Step> steps, boolean converged, String parameterName) {

        /** The parameter's value after the last step. */
        public double result() {
            return steps.get(steps.size() - 1).newParameter();
        }

        /** How training went: the cost where each step started, i.e. after 0, 1, 2, ... steps. */
        public TrainingCurve curve(String costName) {
            List<Double> costs = new ArrayList<>();
            for (Step s : steps) costs.add(s.cost());
            return new TrainingCurve("step", costName, 0, costs);
        }

        /** Every step as a table: step, parameter, cost, slope, step size, new parameter. */
        public Table toTable() {
            String p = parameterName;
            return Table.create("Gradient descent on " + p).addColumns(
                    IntColumn.create("step", steps.stream().mapToInt(Step::step).toArray()),
                    DoubleColumn.create(p, steps.stream().mapToDouble(Step::parameter).toArray()),
                    DoubleColumn.create("cost", steps.stream().mapToDouble(Step::cost).toArray()),
                    DoubleColumn.create("slope", steps.stream().mapToDouble(Step::slope).toArray()),
                    DoubleColumn.create("step size", steps.stream().mapToDouble(Step::stepSize).toArray()),
                    DoubleColumn.create("new " + p, steps.stream().mapToDouble(Step::newParameter).toArray()));
        }
    }

    private GradientDescent() {}

    /**
     * Minimises {@code cost} from {@code start}, with {@code slope} its derivative.
     *
     * @throws CancellationException when the kernel is interrupted (Kernel → Interrupt)
     */
    public static Descent minimise(String parameterName, DoubleUnaryOperator cost, DoubleUnaryOperator slope,
                                   double start, double learningRate, double minStepSize, int maxSteps) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, not " + learningRate);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, not " + maxSteps);
        }
        List<Step> steps = new ArrayList<>();
        double parameter = start;
        for (int step = 1; step <= maxSteps; step++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("gradient descent interrupted after " + steps.size() + " steps");
            }
            double s = slope.applyAsDouble(parameter);
            // step size = slope × learning rate
            double stepSize = s * learningRate;
            // new parameter = old parameter − step size
            double next = parameter - stepSize;
            steps.add(new Step(step, parameter, cost.applyAsDouble(parameter), s, stepSize, next));
            parameter = next;
            if (Math.abs(stepSize) < minStepSize) {
                return new Descent(List.copyOf(steps), true, parameterName);
            }
            if (!Double.isFinite(next)) {
                break;
            }
        }
        return new Descent(List.copyOf(steps), false, parameterName);
    }
}
