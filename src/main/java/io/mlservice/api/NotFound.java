package io.mlservice.api;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Every path the API does not serve, whatever the method: 404. */
final class NotFound extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Answer.NOT_FOUND.writeTo(request, response, callback);
        return true;
    }
}
