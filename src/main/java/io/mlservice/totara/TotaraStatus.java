package io.mlservice.totara;

import java.io.IOException;

/**
 * The outcome of asking Totara's GraphQL status endpoint ({@code totara_webapi_status_nosession}), as the health
 * check reports it.
 *
 * @param url            the Totara URL asked
 * @param ip             the resolved address of its host, or null when it did not resolve
 * @param elapsedSeconds the round trip
 * @param problem        null when Totara answered {@code status == "ok"}
 */
public record TotaraStatus(String url, String ip, double elapsedSeconds, Problem problem) {

    /**
     * Why Totara's status is not "ok".
     *
     * @param kind       what failed
     * @param httpStatus Totara's HTTP status, 0 when no answer came
     * @param detail     the underlying reason in the runtime's words (e.g. the TLS alert), or null
     * @param text       the health check's sentence, starting with one of the texts Totara recognises
     *                   ({@code Unable to resolve the Totara instance hostname}, {@code Unable to communicate with
     *                   Totara}, {@code Timed out trying to connect to Totara}, {@code Could not connect to Totara
     *                   instance})
     */
    public record Problem(TotaraFailure kind, int httpStatus, String detail, String text) {
        public Problem {
            if (kind == null || text == null) {
                throw new IllegalArgumentException("a problem needs its kind and its text");
            }
        }
    }

    /** The status when the trust store set for Totara cannot be opened, so no request could be sent. */
    public static TotaraStatus trustStoreUnusable(String url, IOException e) {
        return new TotaraStatus(url, null, 0, new Problem(TotaraFailure.TRUST_STORE, 0, e.getMessage(),
                "Unable to communicate with Totara: " + e.getMessage()));
    }

    public boolean ok() {
        return problem == null;
    }

    /** The health check's sentence, or null when Totara answered "ok". */
    public String error() {
        return problem == null ? null : problem.text();
    }

    /** What failed, or null when Totara answered "ok". */
    public TotaraFailure failure() {
        return problem == null ? null : problem.kind();
    }
}
