/**
 * An export folder to one trained model per tenant: the one pipeline ({@link
 * io.mlservice.training.ExportTraining#of}) that the service's cycles, {@code train}, {@code demo} and
 * {@code bench api} run.
 */
package io.mlservice.training;
