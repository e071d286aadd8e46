package io.mlservice.model;

/** Per-parameter step size rule of the trainer, as LightFM defines them. */
public enum LearningSchedule {
    /** step = learningRate / sqrt(sum of squared gradients), the sum starting at 1. */
    ADAGRAD,
    /** Zeiler's adadelta with decay rho and epsilon; no learning rate. */
    ADADELTA
}
