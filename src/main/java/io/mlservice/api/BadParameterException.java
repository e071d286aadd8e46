package io.mlservice.api;

/** A query parameter is missing or unusable; its message is what the caller is told (HTTP 400). */
final class BadParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadParameterException(String message) {
        super(message, null, false, false);
    }
}
