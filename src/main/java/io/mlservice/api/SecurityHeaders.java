package io.mlservice.api;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;

/**
 * Headers every answer carries so that a browser that opens the service's pages treats them as inert: no sniffing
 * of content types, no framing, no scripts or outside resources, no referrer.
 */
final class SecurityHeaders extends Handler.Wrapper {
    static final List<HttpField> HEADERS = List.of(
            new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
            new PreEncodedHttpField("X-Frame-Options", "DENY"),
            new PreEncodedHttpField("Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'"),
            new PreEncodedHttpField("Referrer-Policy", "no-referrer"));

    SecurityHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HEADERS.forEach(response.getHeaders()::put);
        return super.handle(request, response, callback);
    }
}
