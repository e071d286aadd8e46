package io.mlservice.api;

import java.time.Instant;

/**
 * The model file an instance serves, for the home page and {@code /health-check}: replicas behind a load balancer
 * are compared by it.
 *
 * @param file      the file's name in the models folder
 * @param trainedAt the training time inside the file (its stamp)
 * @param since     when this instance began serving it
 */
public record ServedModel(String file, Instant trainedAt, Instant since) {
}
