package backprop.course;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * How training went, in the lessons' words: the cost after each step. A step is an iteration of
 * Welch Labs' gradient descent (the cost J, from iteration 0: before the first step), an epoch of
 * CampusX's stochastic gradient descent (the loss, from epoch 1) or a step of StatQuest's descent
 * on b3 (the SSR). Every way the course trains gives one: {@link WelchLabsNetwork#train},
 * {@link CampusXNetwork#train}, {@link GradientDescent.Descent#curve(String)}.
 *
 * @param step      what a step is called: "iteration", "epoch", "step"
 * @param cost      what the cost is called: "J", "loss", "SSR"
 * @param firstStep the number of the first step
 * @param costs     the cost at each step, in order
 */
public record TrainingCurve(String step, String cost, int firstStep, List<Double> costs) {

    public TrainingCurve {
        costs = List.copyOf(costs);
    }

    /** The steps' numbers, for a chart's x values. */
    public double[] steps() {
        double[] numbers = new double[costs.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = firstStep + i;
        }
        return numbers;
    }

    /** The costs, for a chart's y values. */
    public double[] costValues() {
        return costs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The cost at step number {@code number}. */
    public double costAt(int number) {
        return costs.get(number - firstStep);
    }

    /** The cost after the last step. */
    public double last() {
        return costs.get(costs.size() - 1);
    }

    /** The curve as a table: step, cost. */
    public Table toTable() {
        return Table.create(cost + " per " + step).addColumns(
                DoubleColumn.create(step, steps()), DoubleColumn.create(cost, costValues()));
    }
}
