package backprop.course;

import com.github.lbfgs4j.liblbfgs.Lbfgs;
import com.github.lbfgs4j.liblbfgs.LbfgsConstant;
import com.github.lbfgs4j.liblbfgs.MutableDouble;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * A quasi-Newton optimiser, given what Welch Labs gives scipy's BFGS in Part 6: the cost and its
 * gradient as functions of all the weights unrolled into one vector. It is L-BFGS, BFGS keeping the
 * last few steps' curvature (here 6 of them) instead of a whole inverse Hessian, from lbfgs4j (MIT
 * licence), a line-by-line Java port of Naoaki Okazaki's liblbfgs, with its line search (Moré and
 * Thuente's, the Wolfe conditions, as scipy's BFGS uses). Introduced in notebook 07.
 */
public final class Bfgs {

    private Bfgs() {}

    /** Told about every iteration: its number (from 1), the weights it reached, and the cost there. */
    @FunctionalInterface
    public interface IterationListener {
        void iteration(int iteration, double[] weights, double cost);
    }

    /**
     * What the optimiser reached: the weights, the cost at each iteration (from iteration 0, the
     * start), how many times it asked for the cost and gradient, and why it stopped (in words).
     */
    public record Result(double[] weights, TrainingCurve curve, int evaluations, String stopped) {}

    /**
     * Minimises {@code cost} from {@code start} for at most {@code maxIterations} iterations, or until
     * the gradient is negligible (|gradient| ≤ 10⁻¹⁰ · max(1, |weights|)). {@code gradient} returns the
     * cost's gradient at the same weights, laid out like them.
     *
     * @throws CancellationException when the kernel is interrupted
     */
    public static Result minimise(ToDoubleFunction<double[]> cost, UnaryOperator<double[]> gradient, double[] start,
                                  int maxIterations, IterationListener listener) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, not " + maxIterations);
        }
        LbfgsConstant.LBFGS_Param settings = Lbfgs.defaultParams();
        settings.max_iterations = maxIterations;
        settings.epsilon = 1e-10;
        double[] weights = start.clone();
        List<Double> costs = new ArrayList<>();
        int[] evaluations = {0};
        LbfgsConstant.LBFGS_Evaluate evaluate = (instance, w, g, n, step) -> {
            evaluations[0]++;
            double[] slope = gradient.apply(w.clone());
            if (slope.length != n) {
                throw new IllegalArgumentException("the gradient has " + slope.length + " entries for " + n + " weights");
            }
            System.arraycopy(slope, 0, g, 0, n);
            double value = cost.applyAsDouble(w.clone());
            if (costs.isEmpty()) costs.add(value);   // liblbfgs evaluates the start first: iteration 0
            return value;
        };
        LbfgsConstant.LBFGS_Progress progress = (instance, w, g, fx, wNorm, gNorm, step, n, k, lineSearches) -> {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("BFGS interrupted after " + k + " iterations");
            }
            costs.add(fx);
            listener.iteration(k, w.clone(), fx);
            return LbfgsConstant.ReturnValue.LBFGS_SUCCESS;
        };
        LbfgsConstant.ReturnValue status = Lbfgs.lbfgs(weights.length, weights, new MutableDouble(0.0), evaluate, progress,
                null, settings);
        return new Result(weights, new TrainingCurve("iteration", "J", 0, costs), evaluations[0], why(status));
    }

    /** Why liblbfgs stopped, in words. */
    private static String why(LbfgsConstant.ReturnValue status) {
        return switch (status) {
            case LBFGS_SUCCESS, LBFGS_CONVERGENCE, LBFGS_STOP, LBFGS_ALREADY_MINIMIZED -> "the gradient is negligible";
            case LBFGSERR_MAXIMUMITERATION -> "the iteration limit";
            case LBFGSERR_ROUNDING_ERROR, LBFGSERR_MINIMUMSTEP, LBFGSERR_MAXIMUMLINESEARCH ->
                    "no step lowers the cost any more in double precision";
            default -> "liblbfgs's " + status.name();
        };
    }
}
