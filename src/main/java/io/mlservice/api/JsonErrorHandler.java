package io.mlservice.api;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (a request too large or malformed, an overload rejection) in the API's
 * {@code {"error": "true", "msg": "..."}} form, with the status's standard reason and nothing from the request.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = status(request, response);
        Answer.error(status, reason(status)).writeTo(request, response, callback);
        return true;
    }

    private static int status(Request request, Response response) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
        return status >= 400 ? status : 500;
    }

    private static String reason(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason != null ? reason : "Error " + status;
    }
}
