package io.mlservice.totara;

/**
 * The outcome of asking Totara's GraphQL status endpoint ({@code totara_webapi_status_nosession}), as the health
 * check reports it.
 *
 * @param url            the Totara URL asked
 * @param ip             the resolved address of its host, or null when it did not resolve
 * @param elapsedSeconds the round trip
 * @param error          null when Totara answered {@code status == "ok"}; otherwise a message starting with one of
 *                       the texts Totara recognises ({@code Unable to resolve the Totara instance hostname},
 *                       {@code Unable to communicate with Totara}, {@code Timed out trying to connect to Totara},
 *                       {@code Could not connect to Totara instance})
 */
public record TotaraStatus(String url, String ip, double elapsedSeconds, String error) {
    public boolean ok() {
        return error == null;
    }
}
