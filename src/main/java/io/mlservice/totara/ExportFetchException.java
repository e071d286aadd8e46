package io.mlservice.totara;

import java.io.IOException;

/**
 * Pulling the export from Totara failed. The message says what an administrator can do about it and never holds
 * the shared key. {@link #retryable()} tells a passing condition (Totara still exporting, a timeout, a server
 * error) from one that needs a person (a rejected signature, an untrusted certificate, a file over the size limit).
 */
public final class ExportFetchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public ExportFetchException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public ExportFetchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when trying again later may succeed without anyone changing anything. */
    public boolean retryable() {
        return retryable;
    }
}
