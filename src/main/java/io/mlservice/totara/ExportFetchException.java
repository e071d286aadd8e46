package io.mlservice.totara;

import java.io.IOException;

/**
 * Pulling the export from Totara failed. The message says what an administrator can do about it and never holds
 * the shared key; {@link #kind()} says what failed, for code that decides from it. {@link #retryable()} tells a
 * passing condition (Totara still exporting, a timeout, a server error) from one that needs a person (a rejected
 * signature, an untrusted certificate, a file over the size limit).
 */
public final class ExportFetchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final TotaraFailure kind;
    private final boolean retryable;

    public ExportFetchException(TotaraFailure kind, String message, boolean retryable) {
        this(kind, message, retryable, null);
    }

    public ExportFetchException(TotaraFailure kind, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        if (kind == null) {
            throw new IllegalArgumentException("the kind of failure is required");
        }
        this.kind = kind;
        this.retryable = retryable;
    }

    /** What failed. */
    public TotaraFailure kind() {
        return kind;
    }

    /** True when trying again later may succeed without anyone changing anything. */
    public boolean retryable() {
        return retryable;
    }
}
