package io.mlservice.api;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /favicon.ico}: the service's icon (16 and 32 px), no authentication. */
final class Favicon extends Route {
    static final String RESOURCE = "favicon.ico";
    private static final HttpField ICON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "image/x-icon");

    private final Answer answer;

    Favicon() {
        this.answer = new Answer(200, ICON, load(), true, false);
    }

    @Override
    Answer answer(Request request) {
        return answer;
    }

    private static byte[] load() {
        try (InputStream in = Favicon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + RESOURCE, e);
        }
    }
}
