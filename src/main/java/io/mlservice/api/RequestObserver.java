package io.mlservice.api;

/**
 * Told of every request {@link ApiMetrics} records, as it records it: the one place the API's traffic is counted
 * feeds both the per-minute history and whoever else watches (the operator's {@code /metrics}). Called on Jetty's
 * threads for every request: implementations must be quick, take no lock and not throw.
 */
public interface RequestObserver {

    /** Watches nothing: the API's traffic is only counted per minute. */
    RequestObserver NONE = new RequestObserver() {
        @Override
        public void answered(String endpoint, int status, boolean success, long nanos, boolean coldStart) {
        }

        @Override
        public void refused(String refusal, String path, int status, long nanos) {
        }
    };

    /**
     * A signed request was answered.
     *
     * @param endpoint {@link ApiMetrics#USER_ITEMS}, {@link ApiMetrics#SIMILAR_ITEMS} or
     *                 {@link ApiMetrics#HEALTH_CHECK}
     * @param success  false for an error: any status but 200, or a {@code success: false} answer
     */
    void answered(String endpoint, int status, boolean success, long nanos, boolean coldStart);

    /**
     * A request was refused before any route answered it.
     *
     * @param refusal {@link ApiMetrics#UNAUTHORISED} (401) or {@link ApiMetrics#OVERLOADED} (503)
     * @param path    the path asked for, as the client sent it (any text, for a refused request)
     */
    void refused(String refusal, String path, int status, long nanos);
}
