package io.mlservice.totara;

/**
 * What went wrong between this service and Totara, as a kind: the sentences of {@link TotaraStatus} and
 * {@link ExportFetchException} are for people (Totara's health check and administrators read them, so their wording
 * is fixed), the kind is for code that has to decide what to say or do next.
 */
public enum TotaraFailure {
    /** Totara's host name does not resolve (DNS). */
    NAME_NOT_FOUND,
    /** Nothing accepted the connection at Totara's address and port (refused). */
    UNREACHABLE,
    /** No answer, or no more bytes, within the request timeout. */
    TIMED_OUT,
    /** The TLS handshake failed, usually over a certificate no trusted authority signed. */
    TLS,
    /** The trust store set for Totara's certificate cannot be used. */
    TRUST_STORE,
    /** The connection failed in another way (reset, closed early, a protocol error). */
    CONNECTION_FAILED,
    /** Waiting for Totara was interrupted here. */
    INTERRUPTED,
    /**
     * Something answered, but not as Totara does: its status query found no page (HTTP 404: not Totara's web
     * root) or an answer that is not Totara's status.
     */
    NOT_TOTARA,
    /** Totara's address answers with a redirect (HTTP 3xx): the web root is served from another address. */
    REDIRECTED,
    /**
     * Totara refused the signed export request (HTTP 401, 403 or 404): the key differs from Totara's, or the clocks
     * are more than {@link TotaraToken#WINDOW_SECONDS} s apart. Totara answers both the same way.
     */
    WRONG_KEY_OR_CLOCK,
    /** Totara is still writing its export (HTTP 202). */
    EXPORT_NOT_READY,
    /** An empty answer (HTTP 204) where an export file was expected. */
    EMPTY_ANSWER,
    /** An export file larger than the download limit. */
    TOO_LARGE,
    /** Totara's tenants file is not what the contract describes. */
    MALFORMED_EXPORT,
    /** Any other HTTP status, e.g. a server error on Totara's side. */
    HTTP_ERROR,
    /** The download could not be kept on this computer (staging folder, disk). */
    LOCAL_STORAGE;

    /**
     * What an HTTP status other than 200 means as an answer to a signed export request ({@code 204} for
     * {@code tenants.csv} is not a failure: it means a site without tenants, which the caller knows).
     */
    public static TotaraFailure ofExportAnswer(int status) {
        return switch (status) {
            case 202 -> EXPORT_NOT_READY;
            case 204 -> EMPTY_ANSWER;
            case 401, 403, 404 -> WRONG_KEY_OR_CLOCK;
            case 301, 302, 303, 307, 308 -> REDIRECTED;
            default -> HTTP_ERROR;
        };
    }

    /** What an HTTP status other than 200 means as an answer to Totara's status query. */
    public static TotaraFailure ofStatusAnswer(int status) {
        if (status == 404) {
            return NOT_TOTARA;
        }
        return status >= 300 && status < 400 ? REDIRECTED : HTTP_ERROR;
    }
}
