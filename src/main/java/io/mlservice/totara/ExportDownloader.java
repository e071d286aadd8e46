package io.mlservice.totara;

import io.mlservice.format.ShortDuration;
import io.mlservice.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.mlservice.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one complete export from Totara into a fresh staging folder: {@code tenants.csv} first (HTTP 204 = no
 * multi-tenancy, tenant {@code 0} only), then each tenant's interaction, user and item files. HTTP 202 (Totara still
 * exporting) is retried after each back-off delay in turn. Files land in {@code <stagingRoot>/<time>-partial/},
 * which is renamed to {@code <stagingRoot>/<time>/} only when every file is complete and deleted on failure; the
 * two newest complete folders are kept, older ones deleted. One downloader per staging root at a time: a download
 * deletes partial folders it finds there, left over from a crash.
 */
public final class ExportDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ExportDownloader.class);

    static final String TENANTS_FILE = "tenants.csv";
    static final String PARTIAL_SUFFIX = "-partial";
    private static final int KEEP = 2;
    private static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Pattern COMPLETE = Pattern.compile("(\\d{8}-\\d{6}-\\d{3})(?:-(\\d{1,9}))?");
    private static final Pattern PARTIAL = Pattern.compile(COMPLETE.pattern() + PARTIAL_SUFFIX);

    private final TotaraClient client;
    private final long maxBytes;
    private final ExportLimits limits;
    private final Duration[] backoffFor202;
    private final Sleeper sleeper;
    private final Clock clock;

    /** Waits between tries; tests pass one that records the durations and returns at once. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps on the calling thread. */
        Sleeper REAL = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param client        signs and sends the requests
     * @param maxBytes      the largest export file accepted
     * @param backoffFor202 the waits before each retry of a file Totara answers 202 for: {@code n} delays give
     *                      {@code n + 1} tries
     * @param sleeper       waits those delays
     */
    public ExportDownloader(TotaraClient client, long maxBytes, Duration[] backoffFor202, Sleeper sleeper) {
        this(client, maxBytes, ExportLimits.defaults(), backoffFor202, sleeper);
    }

    /**
     * @param limits the export's limits: {@code tenants.csv} is read within them before any tenant is fetched
     */
    public ExportDownloader(TotaraClient client, long maxBytes, ExportLimits limits, Duration[] backoffFor202,
                            Sleeper sleeper) {
        this.client = client;
        this.maxBytes = maxBytes;
        this.limits = limits;
        this.backoffFor202 = backoffFor202.clone();
        this.sleeper = sleeper;
        this.clock = Clock.systemUTC();
        for (Duration delay : this.backoffFor202) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("back-off delays must not be negative: "
                        + Arrays.toString(backoffFor202));
            }
        }
    }

    /** Three retries, 10 s, 30 s and 60 s after the tries before: Totara's export of a large site takes minutes. */
    public static Duration[] defaultBackoff() {
        return new Duration[] {Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    }

    /**
     * Downloads every file of the export.
     *
     * @return the complete staging folder, readable by {@link ExportReader}
     * @throws ExportFetchException when a file could not be had; nothing of this download is left behind
     */
    public Path download(Path stagingRoot, FetchListener listener) throws ExportFetchException, InterruptedException {
        Path partial = startPartial(stagingRoot);
        try {
            List<String> tenants = fetchTenants(partial, listener);
            for (String tenant : tenants) {
                for (String file : tenantFiles(tenant)) {
                    FetchResult result = fetchPatiently(file, partial, listener);
                    if (!result.ok()) {
                        throw refusal(file, result.status());
                    }
                }
            }
            Path complete = complete(partial);
            LOG.info("Downloaded the export of {} tenant(s) from {} into {}", tenants.size(),
                    TotaraConnection.display(client.url()), complete);
            prune(stagingRoot);
            return complete;
        } catch (ExportFetchException | InterruptedException | RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new ExportFetchException(TotaraFailure.LOCAL_STORAGE, "Could not store the export in " + partial
                    + ": " + e.getMessage(), true, e);
        }
    }

    private List<String> fetchTenants(Path folder, FetchListener listener)
            throws IOException, InterruptedException {
        FetchResult result = fetchPatiently(TENANTS_FILE, folder, listener);
        if (result.status() == 204) {
            return List.of("0");
        }
        if (!result.ok()) {
            throw refusal(TENANTS_FILE, result.status());
        }
        try {
            return new ExportReader(limits).readTenants(folder);
        } catch (ExportFormatException e) {
            throw new ExportFetchException(TotaraFailure.MALFORMED_EXPORT, "Totara's " + e.getMessage(), false,
                    e);
        }
    }

    private static List<String> tenantFiles(String tenant) {
        return List.of("user_interactions_" + tenant + ".csv", "user_data_" + tenant + ".csv",
                "item_data_" + tenant + ".csv");
    }

    /** Fetches one file, trying again after each back-off delay while Totara answers 202. */
    private FetchResult fetchPatiently(String file, Path folder, FetchListener listener)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            FetchResult result = fetchOnce(file, folder, listener, attempt);
            if (result.status() != 202) {
                return result;
            }
            if (attempt == backoffFor202.length) {
                throw new ExportFetchException(TotaraFailure.EXPORT_NOT_READY, "Totara is still exporting (HTTP 202 "
                        + "for " + file + " after " + (attempt + 1) + " tries over " + ShortDuration.text(totalBackoff())
                        + "); will retry", true);
            }
            sleeper.sleep(backoffFor202[attempt]);
        }
    }

    private FetchResult fetchOnce(String file, Path folder, FetchListener listener, int attempt)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        FetchResult result;
        try {
            result = client.fetch(file, folder.resolve(file), maxBytes);
        } catch (IOException e) {
            listener.fetched(file, 0, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e.getMessage());
            throw e;
        }
        listener.fetched(file, result.status(), result.bytes(), result.millis(), outcome(result, attempt));
        return result;
    }

    private String outcome(FetchResult result, int attempt) {
        return switch (result.status()) {
            case 200 -> "downloaded";
            case 202 -> attempt < backoffFor202.length
                    ? "Totara is still exporting; trying again in " + ShortDuration.text(backoffFor202[attempt])
                    : "Totara is still exporting; giving up for now";
            default -> result.status() == 204 && TENANTS_FILE.equals(result.file())
                    ? "no tenants file: multi-tenancy is off, tenant 0 only"
                    : refusal(result.file(), result.status()).getMessage();
        };
    }

    private ExportFetchException refusal(String file, int status) {
        String answered = "Totara answered " + status + " for " + file + " at "
                + TotaraConnection.display(client.exportUri(file));
        TotaraFailure kind = TotaraFailure.ofExportAnswer(status);
        return switch (status) {
            case 404 -> new ExportFetchException(kind, answered + ": the key differs from $CFG->ml_service_key, the "
                    + "clocks differ by more than 30 s, or the export has not run yet (php "
                    + "server/ml/recommender/cli/export_data.php)", false);
            case 401, 403 -> new ExportFetchException(kind, answered + ": Totara refused the service; check that "
                    + Setting.TOTARA_KEY.variable() + " equals $CFG->ml_service_key, that both clocks are right, and "
                    + "that no proxy or web server rule blocks the path", false);
            case 204 -> new ExportFetchException(kind, answered + ": an empty answer where a file was expected; run "
                    + "the export again (php server/ml/recommender/cli/export_data.php)", true);
            case 301, 302, 303, 307, 308 -> new ExportFetchException(kind, answered + ": a redirect; set "
                    + Setting.TOTARA_URL.variable() + " to the address Totara is served from (http or https, path)",
                    false);
            default -> new ExportFetchException(kind, answered + (status >= 500
                    ? ": a server error on Totara's side (see its web server and PHP error logs)" : ""),
                    status >= 500 || status == 408 || status == 429);
        };
    }

    private Path startPartial(Path stagingRoot) throws ExportFetchException {
        try {
            OwnerOnly.folder(stagingRoot);
            for (Path stale : children(stagingRoot, PARTIAL)) {
                LOG.warn("Deleting {}, left over from an interrupted download", stale);
                deleteTree(stale);
            }
            String base = FOLDER_TIME.format(clock.instant());
            for (int n = 1; ; n++) {
                String name = n == 1 ? base : base + "-" + n;
                if (Files.exists(stagingRoot.resolve(name))) {
                    continue;
                }
                try {
                    return OwnerOnly.newFolder(stagingRoot.resolve(name + PARTIAL_SUFFIX));
                } catch (FileAlreadyExistsException e) {
                    // Taken between the check and the creation: try the next name.
                }
            }
        } catch (IOException e) {
            throw new ExportFetchException(TotaraFailure.LOCAL_STORAGE, "Could not create a staging folder in "
                    + stagingRoot + ": " + e.getMessage(), true, e);
        }
    }

    private static Path complete(Path partial) throws IOException {
        String name = partial.getFileName().toString();
        Path complete = partial.resolveSibling(name.substring(0, name.length() - PARTIAL_SUFFIX.length()));
        return Files.move(partial, complete, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Best effort: a folder that cannot be deleted now is deleted after a later download. */
    private static void prune(Path stagingRoot) {
        try {
            List<Path> complete = children(stagingRoot, COMPLETE);
            complete.sort(Comparator.comparing((Path p) -> match(COMPLETE, p).group(1))
                    .thenComparingInt(p -> sequence(match(COMPLETE, p))).reversed());
            for (Path old : complete.subList(Math.min(KEEP, complete.size()), complete.size())) {
                LOG.info("Deleting the older staged export {}", old);
                deleteTree(old);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete older staged exports in {}: {}", stagingRoot, e.getMessage());
        }
    }

    private static List<Path> children(Path folder, Pattern name) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder,
                p -> Files.isDirectory(p) && name.matcher(p.getFileName().toString()).matches())) {
            entries.forEach(found::add);
        }
        return found;
    }

    private static Matcher match(Pattern pattern, Path path) {
        Matcher m = pattern.matcher(path.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalStateException("listed only matching names: " + path);
        }
        return m;
    }

    private static int sequence(Matcher m) {
        return m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException e) {
            LOG.warn("Could not delete the partial download {}: {}", root, e.getMessage());
        }
    }

    private Duration totalBackoff() {
        return Arrays.stream(backoffFor202).reduce(Duration.ZERO, Duration::plus);
    }
}
