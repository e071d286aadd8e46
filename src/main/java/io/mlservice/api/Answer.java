package io.mlservice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mlservice.serving.ScoredItem;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A complete HTTP answer, ready to write: status, content type, body, and what the metrics need to know of it.
 *
 * @param success   false for Totara's {@code success: false} answers and for HTTP errors
 * @param coldStart answered from popular items because the user was unknown
 */
record Answer(int status, HttpField contentType, byte[] body, boolean success, boolean coldStart) {
    static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    static final HttpField HTML = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    private static final HttpField ALLOW_GET = new PreEncodedHttpField(HttpHeader.ALLOW, "GET");
    private static final HttpField CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, "close");
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");

    static final Answer NOT_FOUND = error(404, "Not found");
    static final Answer METHOD_NOT_ALLOWED = error(405, "Method not allowed");
    static final Answer INTERNAL_ERROR = error(500, "Internal error");

    /** {@code {"success": true, "items": [...]}}. */
    static Answer items(List<ScoredItem> items, boolean coldStart) {
        return new Answer(200, JSON, ApiJson.bytes(new ItemsBody(true, null, items)), true, coldStart);
    }

    /** {@code {"success": false, "message": "...", "items": []}}, with HTTP 200 as Totara expects. */
    static Answer failure(String message) {
        return new Answer(200, JSON, ApiJson.bytes(new ItemsBody(false, message, List.of())), false, false);
    }

    /** {@code {"error": "true", "msg": "..."}}. */
    static Answer error(int status, String message) {
        return new Answer(status, JSON, ApiJson.bytes(new ErrorBody("true", message)), false, false);
    }

    static Answer json(Object body, boolean success) {
        return new Answer(200, JSON, ApiJson.bytes(body), success, false);
    }

    static Answer text(int status, String text) {
        return new Answer(status, TEXT, text.getBytes(StandardCharsets.UTF_8), false, false);
    }

    /**
     * Writes the answer. The API never reads a request body; when one was sent the connection is closed after the
     * answer, so that the client does not reuse a connection with unread bytes on it.
     */
    void writeTo(Request request, Response response, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(contentType);
        if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            response.getHeaders().put(CLOSE);
        }
        if (status == 405) {
            response.getHeaders().put(ALLOW_GET);
        }
        if (contentType == JSON) {
            response.getHeaders().put(NO_STORE);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The body of {@code /user-items} and {@code /similar-items}; {@code message} only on failures. */
    @JsonPropertyOrder({"success", "message", "items"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemsBody(boolean success, String message, List<ScoredItem> items) {
    }

    /** The body of HTTP errors. */
    @JsonPropertyOrder({"error", "msg"})
    record ErrorBody(String error, String msg) {
    }
}
