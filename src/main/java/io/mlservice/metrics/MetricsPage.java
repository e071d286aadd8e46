package io.mlservice.metrics;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the scrape, in the Prometheus text format 0.0.4 whatever the client accepts (one format,
 * the one every Prometheus reads). Any other path is 404, any other method 405.
 */
final class MetricsPage extends Handler.Abstract {
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Supplier<String> scrape;

    /** @param scrape the exposition text, made afresh for each request */
    MetricsPage(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(request.getHttpURI().getPath())) {
            write(response, 404, TEXT, "Not found: metrics are at " + PATH + "\n", callback);
        } else if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            write(response, 405, TEXT, "Method not allowed\n", callback);
        } else {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            write(response, 200, CONTENT_TYPE, scrape.get(), callback);
        }
        return true;
    }

    private static void write(Response response, int status, String contentType, String body, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
