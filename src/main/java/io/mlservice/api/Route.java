package io.mlservice.api;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GET endpoint. Other methods get 405 with {@code Allow: GET}, a bad parameter 400, an unexpected exception 500
 * (its stack trace goes to the log, never to the caller). Endpoints with a metrics name record every answer.
 */
abstract class Route extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Route.class);

    private final String endpoint;
    private final ApiMetrics metrics;

    /** A route whose answers are not counted (pages for people). */
    Route() {
        this(null, null);
    }

    /** A route whose answers are counted under {@code endpoint}. */
    Route(String endpoint, ApiMetrics metrics) {
        this.endpoint = endpoint;
        this.metrics = metrics;
    }

    /** The answer to a GET; may throw {@link BadParameterException}. */
    abstract Answer answer(Request request);

    @Override
    public final boolean handle(Request request, Response response, Callback callback) {
        Answer answer = answerSafely(request);
        // Counted before writing, so that whoever has read the answer also sees it counted.
        if (endpoint != null) {
            metrics.record(endpoint, answer.status(), answer.success(), System.nanoTime() - request.getBeginNanoTime(),
                    answer.coldStart());
        }
        answer.writeTo(request, response, callback);
        return true;
    }

    private Answer answerSafely(Request request) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return Answer.METHOD_NOT_ALLOWED;
        }
        try {
            return answer(request);
        } catch (BadParameterException e) {
            return Answer.error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} failed", Query.printable(request.getHttpURI().getPath()), e);
            return Answer.INTERNAL_ERROR;
        }
    }
}
