/**
 * What an operator scrapes: {@code /metrics} in the Prometheus text format, on a listener of its own
 * ({@code ML_METRICS_BIND}), built with Micrometer. {@link io.mlservice.metrics.OperatorMetrics} holds the meters
 * and the listener; the API's traffic arrives through {@link io.mlservice.api.RequestObserver} from the one place
 * it is counted ({@link io.mlservice.api.ApiMetrics}), the cycles and export fetches through
 * {@link io.mlservice.metrics.TrainingMeters}, and the served tenants are read from the
 * {@link io.mlservice.serving.ModelRegistry} at each scrape.
 *
 * <p>Only this package uses Micrometer; it knows nothing of the service that wires it.
 */
package io.mlservice.metrics;
