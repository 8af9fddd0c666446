package backprop.course;

import static backprop.course.Activations.softplus;

/**
 * StatQuest's dosage network: one input, two softplus hidden nodes, one output. Every weight and
 * bias is already known except the last bias, b3, which gradient descent finds.
 * Introduced in notebook 03.
 */
public final class StatQuestNetwork {

    /** The top hidden node: weight and bias. */
    public final double w1 = 3.34, b1 = -1.43;
    /** The bottom hidden node: weight and bias. */
    public final double w2 = -3.53, b2 = 0.57;
    /** The weights from the two hidden nodes to the output. */
    public final double w3 = -1.22, w4 = -2.30;

    /** The data: dosages and the observed efficacies. */
    public final double[] dosage, observed;

    /** The network on the lesson's three dosages. */
    public StatQuestNetwork() {
        this(DataSets.dosageEfficacy().doubleColumn("dosage").asDoubleArray(),
                DataSets.dosageEfficacy().doubleColumn("efficacy").asDoubleArray());
    }

    public StatQuestNetwork(double[] dosage, double[] observed) {
        if (dosage.length != observed.length) {
            throw new IllegalArgumentException(dosage.length + " dosages but " + observed.length + " observed values");
        }
        this.dosage = dosage.clone();
        this.observed = observed.clone();
    }

    /** The network's output (the green squiggle) for one dosage, with last bias b3. */
    public double predict(double x, double b3) {
        // the top node's output: sp(w1·x + b1)
        double top = softplus(w1 * x + b1);
        // the bottom node's output: sp(w2·x + b2)
        double bottom = softplus(w2 * x + b2);
        // predicted = w3·top + w4·bottom + b3
        return w3 * top + w4 * bottom + b3;
    }

    /** The predictions for every dosage in the data. */
    public double[] predict(double b3) {
        double[] predicted = new double[dosage.length];
        for (int i = 0; i < dosage.length; i++) {
            predicted[i] = predict(dosage[i], b3);
        }
        return predicted;
    }

    /** The sum of squared residuals for this b3. */
    public double SSR(double b3) {
        // SSR = Σ (observed − predicted)²
        return Costs.SSR(observed, predict(b3));
    }

    /** dSSR/db3 by the chain rule: dSSR/dPredicted · dPredicted/db3, summed over the data. */
    public double dSSRdb3(double b3) {
        double[] predicted = predict(b3);
        double slope = 0;
        for (int i = 0; i < observed.length; i++) {
            // dSSR/db3 = Σ −2 (observed − predicted) · 1
            slope += -2 * (observed[i] - predicted[i]) * 1;
        }
        return slope;
    }
}
