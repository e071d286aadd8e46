package io.mlservice.model;

/**
 * Everything that shapes one training run except the data, the thread count and the seed.
 *
 * @param components  embedding size k
 * @param epochs      passes over the interactions
 * @param userAlpha   L2 penalty on the user feature embeddings touched by an update
 * @param itemAlpha   L2 penalty on the item feature embeddings and biases touched by an update
 * @param maxSampled  most negatives drawn per positive before giving up on finding a violator
 */
public record HyperParameters(
        int components,
        int epochs,
        LearningSchedule schedule,
        double learningRate,
        double rho,
        double epsilon,
        double userAlpha,
        double itemAlpha,
        int maxSampled) {

    public HyperParameters {
        if (components < 1 || components > 1024) {
            throw new IllegalArgumentException("components must be in 1..1024, was " + components);
        }
        if (epochs < 0 || epochs > 1000) {
            throw new IllegalArgumentException("epochs must be in 0..1000, was " + epochs);
        }
        if (!(learningRate > 0) || !(rho > 0 && rho < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("learning rate, rho and epsilon must be positive (rho below 1)");
        }
        if (userAlpha < 0 || itemAlpha < 0) {
            throw new IllegalArgumentException("regularisation must not be negative");
        }
        if (maxSampled < 1) {
            throw new IllegalArgumentException("maxSampled must be at least 1, was " + maxSampled);
        }
    }

    /** Our default: adagrad at 0.1 (measured on the demo exports to converge within the 20-epoch bound), light regularisation. */
    public static HyperParameters defaults() {
        return new HyperParameters(64, 15, LearningSchedule.ADAGRAD, 0.1, 0.95, 1e-6, 1e-6, 1e-6, 10);
    }

    /** The original service's fixed settings: adadelta, max_sampled 10, alpha 1e-3 (0 for plain MF). */
    public static HyperParameters original(int components, int epochs, boolean regularised) {
        double alpha = regularised ? 1e-3 : 0.0;
        return new HyperParameters(components, epochs, LearningSchedule.ADADELTA, 0.05, 0.95, 1e-6, alpha, alpha, 10);
    }

    public HyperParameters withEpochs(int value) {
        return new HyperParameters(components, value, schedule, learningRate, rho, epsilon, userAlpha, itemAlpha,
                maxSampled);
    }

    public HyperParameters withComponents(int value) {
        return new HyperParameters(value, epochs, schedule, learningRate, rho, epsilon, userAlpha, itemAlpha,
                maxSampled);
    }

    public HyperParameters withSchedule(LearningSchedule value, double rate) {
        return new HyperParameters(components, epochs, value, rate, rho, epsilon, userAlpha, itemAlpha, maxSampled);
    }

    public HyperParameters withAlpha(double user, double item) {
        return new HyperParameters(components, epochs, schedule, learningRate, rho, epsilon, user, item, maxSampled);
    }

    /** A short human description, e.g. {@code adagrad(0.05) k=64 epochs=12 alpha=1e-06/1e-06}. */
    public String describe() {
        String sched = schedule == LearningSchedule.ADAGRAD
                ? "adagrad(" + learningRate + ")"
                : "adadelta(rho=" + rho + ")";
        return sched + " k=" + components + " epochs=" + epochs + " alpha=" + userAlpha + "/" + itemAlpha;
    }
}
