package io.mlservice.totara;

/** A tenant whose export is too small to train a model on (the original's minimum: 10 users and 10 items). */
public final class InsufficientDataException extends Exception {
    private final String tenant;

    public InsufficientDataException(String tenant, String detail) {
        super("The model for tenant " + tenant + " is not trained, probably for insufficient data (" + detail + ")");
        this.tenant = tenant;
    }

    public String tenant() {
        return tenant;
    }
}
