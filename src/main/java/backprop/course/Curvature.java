package backprop.course;

import org.ejml.simple.SimpleEVD;
import org.ejml.simple.SimpleMatrix;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The cost's curvature: its Hessian, the matrix of second derivatives, measured by central
 * differences of the gradient (notebook 05's check one derivative higher), and the curvatures
 * along its principal directions, the Hessian's eigenvalues. Gradient descent with step η is
 * stable along a direction of curvature κ only if η < 2/κ (notebook 03's parabola: each step
 * multiplies the distance by 1 − ηκ). Introduced in notebook 07.
 */
public final class Curvature {

    private Curvature() {}

    /**
     * The Hessian at {@code weights}: column k is how the gradient moves when weight k is nudged,
     * (∇J(w + e·u_k) − ∇J(w − e·u_k)) / 2e, then averaged with its transpose (a Hessian is symmetric;
     * the measurement is only nearly so).
     */
    public static SimpleMatrix hessian(UnaryOperator<double[]> gradient, double[] weights, double e) {
        int n = weights.length;
        SimpleMatrix H = new SimpleMatrix(n, n);
        for (int k = 0; k < n; k++) {
            double[] plus = weights.clone(), minus = weights.clone();
            plus[k] += e;
            minus[k] -= e;
            double[] gPlus = gradient.apply(plus), gMinus = gradient.apply(minus);
            for (int j = 0; j < n; j++) {
                // H[j][k] = ∂²J/∂w_j∂w_k ≈ (∂J/∂w_j(w + e) − ∂J/∂w_j(w − e)) / 2e
                H.set(j, k, (gPlus[j] - gMinus[j]) / (2 * e));
            }
        }
        // H = (H + Hᵀ) / 2
        return H.plus(H.transpose()).scale(0.5);
    }

    /** The eigenvalues of a symmetric matrix, smallest first: the curvatures along its principal directions. */
    public static double[] eigenvalues(SimpleMatrix symmetric) {
        SimpleEVD<SimpleMatrix> evd = symmetric.eig();
        double[] values = new double[evd.getNumberOfEigenvalues()];
        for (int i = 0; i < values.length; i++) values[i] = evd.getEigenvalue(i).getReal();
        Arrays.sort(values);
        return values;
    }

    /** The largest curvature at {@code weights}: the largest eigenvalue of the Hessian there. */
    public static double largest(UnaryOperator<double[]> gradient, double[] weights) {
        double[] values = eigenvalues(hessian(gradient, weights, 1e-5));
        return values[values.length - 1];
    }
}
