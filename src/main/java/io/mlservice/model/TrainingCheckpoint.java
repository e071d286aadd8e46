package io.mlservice.model;

/**
 * A training run's parameters and optimiser state after some epoch, copied so that the run can go back to them
 * (see {@link TrainingRun#checkpoint()} and {@link TrainingRun#restore(TrainingCheckpoint)}).
 *
 * @param epochsDone the epochs the run had done when the copy was taken
 * @param arrays     copies of the run's parameter and optimiser arrays, in {@link WarpParameters}' order
 */
public record TrainingCheckpoint(int epochsDone, float[][] arrays) {
}
