package io.mlservice.totara;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * How new an export is, without downloading it. Totara sends each export file with {@code Last-Modified} (the
 * file's time) and answers {@code 304 Not Modified}, with no body, to a signed request whose
 * {@code If-Modified-Since} is at or after it (contract, section 4). A downloaded file keeps that time as its own
 * modification time, so an export folder's time is its files' newest, whether Totara sent it or the files lie in a
 * local folder.
 */
public final class ExportFreshness {
    static final String TENANTS_FILE = "tenants.csv";
    /** What a site without multi-tenancy (204 for {@code tenants.csv}) is asked about instead. */
    static final String SINGLE_TENANT_FILE = "user_interactions_0.csv";

    private final TotaraClient client;

    /** @param client signs the requests; its request timeout bounds each one */
    public ExportFreshness(TotaraClient client) {
        this.client = client;
    }

    /**
     * Asks Totara whether its export is newer than {@code than}: one signed conditional GET of {@code tenants.csv}
     * (of {@code user_interactions_0.csv} when multi-tenancy is off). A 200's body is never read.
     *
     * @return the newer export's time; empty when Totara answers 304, or 202 (still exporting: a later check sees
     *         it when it is complete)
     * @throws ExportFetchException when Totara cannot be asked, answers anything else, or sends a file without
     *                              {@code Last-Modified} (then its time cannot be told)
     */
    public Optional<Instant> newerThan(Instant than) throws ExportFetchException, InterruptedException {
        Answer tenants = ask(TENANTS_FILE, than);
        Answer answer = tenants.status() == 204 ? ask(SINGLE_TENANT_FILE, than) : tenants;
        return switch (answer.status()) {
            case 304, 202 -> Optional.empty();
            case 200 -> Optional.of(answer.lastModified().orElseThrow(() -> new ExportFetchException(
                    TotaraFailure.NOT_TOTARA, "Totara sent " + answer.file() + " without Last-Modified: whether the"
                    + " export is new cannot be told; it is trained on the regular schedule only", false)))
                    .filter(time -> time.isAfter(than));
            default -> throw new ExportFetchException(TotaraFailure.ofExportAnswer(answer.status()),
                    "Totara answered " + answer.status() + " for " + answer.file() + " at "
                            + TotaraConnection.display(client.exportUri(answer.file())), answer.status() >= 500);
        };
    }

    /**
     * An export folder's time: the newest modification time of its export files (to the millisecond); empty when it
     * holds none.
     */
    public static Optional<Instant> exportTime(Path folder) throws IOException {
        Instant newest = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
                p -> TotaraClient.isExportFile(p.getFileName().toString()) && Files.isRegularFile(p))) {
            for (Path file : files) {
                Instant time = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
                newest = newest == null || time.isAfter(newest) ? time : newest;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** Gives a downloaded file Totara's {@code Last-Modified}, when it sent one, as its modification time. */
    static void keepLastModified(Path file, HttpHeaders headers) throws IOException {
        Optional<Instant> time = lastModified(headers);
        if (time.isPresent()) {
            Files.setLastModifiedTime(file, FileTime.from(time.get()));
        }
    }

    /** The {@code If-Modified-Since}/{@code Last-Modified} form: an RFC 1123 date in GMT, whole seconds. */
    static String httpDate(Instant time) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(time.atZone(ZoneOffset.UTC));
    }

    private record Answer(String file, int status, Optional<Instant> lastModified) {
    }

    private Answer ask(String file, Instant since) throws ExportFetchException, InterruptedException {
        URI uri = client.exportUri(file);
        // Whole seconds, rounded down: Totara compares against its file time in seconds, and an earlier time never
        // hides a newer file.
        HttpRequest request = client.connection().signed(uri)
                .header("If-Modified-Since", httpDate(since.truncatedTo(ChronoUnit.SECONDS)))
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.connection().http().send(request, BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ExportFetchException(TotaraFailure.CONNECTION_FAILED, "Could not ask Totara at "
                    + TotaraConnection.display(uri) + " whether the export is new: " + describe(e), true, e);
        }
        Answer answer = new Answer(file, response.statusCode(), lastModified(response.headers()));
        // Closed at once, unread: a changed file's body is the cycle's to download, not the check's.
        try {
            response.body().close();
        } catch (IOException e) {
            // The answer is known; a failed close costs only the connection.
        }
        return answer;
    }

    private static Optional<Instant> lastModified(HttpHeaders headers) {
        try {
            return headers.firstValue("Last-Modified")
                    .map(text -> ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
