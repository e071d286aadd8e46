package io.mlservice.totara;

/**
 * What Totara answered to one export file request.
 *
 * @param file   the export file asked for
 * @param status the HTTP status
 * @param bytes  bytes written to the target (0 unless the status is 200)
 * @param millis the time from sending the request to the end of the body
 */
public record FetchResult(String file, int status, long bytes, long millis) {
    public boolean ok() {
        return status == 200;
    }
}
