package io.mlservice.api;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

import java.time.Duration;

/**
 * A bound on how many requests of some paths are answered at once: more wait, without holding a thread, in a short
 * queue; past the queue or the wait they get 503, which is counted as {@link ApiMetrics#OVERLOADED}.
 */
final class RequestLimit extends QoSHandler {
    private final ApiMetrics metrics;
    private final String description;

    RequestLimit(Handler next, ApiMetrics metrics, int concurrent, int queued, Duration wait, String... paths) {
        super(next);
        this.metrics = metrics;
        this.description = "more than " + concurrent + " " + String.join(" and ", paths) + " at once and "
                + queued + " waiting";
        includePath(paths);
        setMaxRequestCount(concurrent);
        setMaxSuspendedRequestCount(queued);
        setMaxSuspend(wait);
    }

    @Override
    protected void reject(Request request, Response response, Callback callback, int status) {
        String path = request.getHttpURI().getPath();
        metrics.refused(ApiMetrics.OVERLOADED, path, status, System.nanoTime() - request.getBeginNanoTime(),
                Query.printable(path) + " with " + description);
        super.reject(request, response, callback, status);
    }
}
