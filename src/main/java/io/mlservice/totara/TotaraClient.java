package io.mlservice.totara;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlservice.config.Secret;
import io.mlservice.format.ByteSize;
import io.mlservice.format.ShortDuration;
import io.mlservice.totara.TotaraStatus.Problem;
import io.mlservice.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Totara's HTTP side as the service sees it: the GraphQL status check and the signed download of export files.
 * Every request carries the contract's signature ({@link TotaraToken}) and {@code User-Agent: TotaraBot/1.0}.
 * Certificates are always verified: against the JVM's trusted authorities, or, when a trust store is given, against
 * that trust store only (it replaces the default authorities, it does not add to them). Nothing this class says
 * (exceptions, {@link TotaraStatus}) contains the key or the trust store password.
 */
public final class TotaraClient {
    /** A sensible request timeout for the status check; Totara itself gives the health check 2 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    static final String STATUS_PATH = "/totara/webapi/ajax.php";
    static final String EXPORT_PATH = "/pluginfile.php/1/ml_recommender/export/";
    static final String STATUS_QUERY =
            "{\"operationName\":\"totara_webapi_status_nosession\",\"variables\":{},\"extensions\":{}}";

    private static final Pattern EXPORT_FILE =
            Pattern.compile("tenants\\.csv|(user_interactions|user_data|item_data)_[A-Za-z0-9_-]{1,64}\\.csv");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI totaraUrl;
    private final Secret key;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param totaraUrl          Totara's web root, {@code http} or {@code https}
     * @param key                the shared key ({@code $CFG->ml_service_key})
     * @param trustStore         a PKCS12 or JKS trust store holding Totara's certificate or its authority; null for
     *                           the JVM's trusted authorities
     * @param trustStorePassword the trust store's password; null when it has none
     * @param requestTimeout     how long to wait for Totara's answer, and, while downloading, for the next bytes
     * @param clock              the time the signature carries
     * @throws IOException when the trust store cannot be read; the message names the file
     */
    public TotaraClient(URI totaraUrl, Secret key, Path trustStore, Secret trustStorePassword,
                        Duration requestTimeout, Clock clock) throws IOException {
        this.totaraUrl = webRoot(totaraUrl);
        this.key = requireNonNull(key, "key");
        this.requestTimeout = requirePositive(requestTimeout);
        this.clock = requireNonNull(clock, "clock");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(requestTimeout);
        if (trustStore != null) {
            builder.sslContext(trusting(trustStore, trustStorePassword));
        }
        this.http = builder.build();
    }

    /** Totara's web root, without a trailing slash. */
    public URI url() {
        return totaraUrl;
    }

    /** Whether a name is one Totara exports (and so one this client will ask for). */
    public static boolean isExportFile(String fileName) {
        return fileName != null && EXPORT_FILE.matcher(fileName).matches();
    }

    /**
     * Asks Totara's GraphQL status endpoint whether it is up. Never throws: every failure becomes a
     * {@link TotaraStatus#error()} worded the way Totara recognises. Bounded by the request timeout.
     */
    public TotaraStatus status() {
        String url = display(totaraUrl);
        String host = totaraUrl.getHost();
        String ip;
        try {
            ip = InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return new TotaraStatus(url, null, 0, new Problem(TotaraFailure.NAME_NOT_FOUND, 0, null,
                    "Unable to resolve the Totara instance hostname " + host));
        }
        long start = System.nanoTime();
        Problem problem = askStatus(url);
        return new TotaraStatus(url, ip, (System.nanoTime() - start) / 1e9, problem);
    }

    /**
     * Downloads one export file. On HTTP 200 the body is streamed to {@code target} + ".part" and moved onto
     * {@code target} once complete, so a partial download never looks complete; any other status writes nothing.
     *
     * @param fileName {@code tenants.csv} or {@code (user_interactions|user_data|item_data)_<tenant>.csv}
     * @param maxBytes the largest body accepted
     * @throws ExportFetchException     when no answer came (refused, unknown host, timeout, TLS) or the body is
     *                                  larger than {@code maxBytes}
     * @throws IOException              when the file cannot be written
     * @throws IllegalArgumentException for a name Totara does not export
     */
    public FetchResult fetch(String fileName, Path target, long maxBytes) throws IOException, InterruptedException {
        if (!isExportFile(fileName)) {
            throw new IllegalArgumentException("not a Totara export file name: \"" + fileName + "\"");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long start = System.nanoTime();
        HttpResponse<Long> response = download(fileName, part, maxBytes);
        if (response.statusCode() == 200) {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ExportFreshness.keepLastModified(target, response.headers());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new FetchResult(fileName, response.statusCode(), response.body(), millis);
    }

    /** The address of one export file. */
    URI exportUri(String fileName) {
        return URI.create(totaraUrl + EXPORT_PATH + fileName);
    }

    /** A URL as it may appear in messages: without user information, which could hold a password. */
    static String display(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }

    /** Sends the signed GET; a 200 body goes to {@code part}, which is deleted again if anything fails. */
    private HttpResponse<Long> download(String fileName, Path part, long maxBytes)
            throws IOException, InterruptedException {
        URI uri = exportUri(fileName);
        FileBodySubscriber.Progress progress = new FileBodySubscriber.Progress(System.nanoTime());
        CompletableFuture<HttpResponse<Long>> pending = http.sendAsync(signed(uri).GET().build(),
                info -> info.statusCode() == 200
                        ? new FileBodySubscriber(part, maxBytes, info.headers().firstValueAsLong("Content-Length"),
                                progress)
                        : BodySubscribers.replacing(0L));
        try {
            return await(pending, progress);
        } catch (ExecutionException e) {
            Files.deleteIfExists(part);
            throw fetchFailure(e.getCause(), fileName, uri, maxBytes);
        } catch (TimeoutException e) {
            Files.deleteIfExists(part);
            throw timedOut(uri, e);
        } catch (InterruptedException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    private Problem askStatus(String url) {
        HttpRequest request = signed(URI.create(totaraUrl + STATUS_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(STATUS_QUERY))
                .build();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, BodyHandlers.ofString());
        try {
            return judge(pending.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Problem(TotaraFailure.TIMED_OUT, 0, null, "Timed out trying to connect to Totara at " + url);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Problem(TotaraFailure.INTERRUPTED, 0, null, "Unable to communicate with Totara: interrupted");
        } catch (ExecutionException e) {
            return statusFailure(rootOf(e), url);
        }
    }

    private static Problem judge(HttpResponse<String> response) {
        int code = response.statusCode();
        if (code != 200) {
            return new Problem(TotaraFailure.ofStatusAnswer(code), code, null,
                    "Unable to communicate with Totara: HTTP " + code);
        }
        try {
            JsonNode status = JSON.readTree(response.body()).path("data").path("totara_webapi_status").path("status");
            if ("ok".equals(status.textValue())) {
                return null;
            }
        } catch (JsonProcessingException e) {
            // An HTML login page or a proxy's error page: the same answer as a wrong JSON shape.
        }
        return new Problem(TotaraFailure.NOT_TOTARA, code, null,
                "Unable to communicate with Totara: unexpected answer");
    }

    private static Problem statusFailure(Throwable failure, String url) {
        if (has(failure, HttpTimeoutException.class)) {
            return new Problem(TotaraFailure.TIMED_OUT, 0, null, "Timed out trying to connect to Totara at " + url);
        }
        if (has(failure, UnresolvedAddressException.class) || has(failure, UnknownHostException.class)) {
            return new Problem(TotaraFailure.NAME_NOT_FOUND, 0, null,
                    "Unable to resolve the Totara instance hostname " + URI.create(url).getHost());
        }
        if (has(failure, SSLException.class)) {
            String reason = messageOf(failure, SSLException.class);
            return new Problem(TotaraFailure.TLS, 0, reason,
                    "Unable to communicate with Totara: TLS failed (" + reason + ")");
        }
        if (has(failure, ConnectException.class)) {
            return new Problem(TotaraFailure.UNREACHABLE, 0, null, "Could not connect to Totara instance at " + url);
        }
        return new Problem(TotaraFailure.CONNECTION_FAILED, 0, describe(failure),
                "Unable to communicate with Totara: " + describe(failure));
    }

    /** An {@link ExportFetchException}, or a plain {@link IOException} when the local file could not be written. */
    private IOException fetchFailure(Throwable cause, String fileName, URI uri, long maxBytes) {
        Throwable failure = rootOf(cause);
        String url = display(uri);
        if (failure instanceof FileBodySubscriber.TooLarge) {
            return new ExportFetchException(TotaraFailure.TOO_LARGE, fileName + " from Totara is larger than the "
                    + "limit of " + ByteSize.wholeMegabytes(maxBytes) + " (" + Setting.MAX_DOWNLOAD_MB.variable() + "); raise the "
                    + "limit if the export is really that big", false);
        }
        if (failure instanceof FileBodySubscriber.WriteFailure local) {
            return local;
        }
        if (has(failure, HttpTimeoutException.class)) {
            return timedOut(uri, failure);
        }
        if (has(failure, UnresolvedAddressException.class) || has(failure, UnknownHostException.class)) {
            return new ExportFetchException(TotaraFailure.NAME_NOT_FOUND, "Unable to resolve the Totara host "
                    + totaraUrl.getHost() + " of " + display(totaraUrl) + " (" + Setting.TOTARA_URL.variable() + ")",
                    true, failure);
        }
        if (has(failure, SSLException.class)) {
            return new ExportFetchException(TotaraFailure.TLS, "TLS with Totara at " + url + " failed: "
                    + messageOf(failure, SSLException.class) + ". If Totara's certificate is not signed by a "
                    + "publicly trusted authority, set " + Setting.TRUST_STORE.variable() + " to a trust store "
                    + "holding it", false, failure);
        }
        if (has(failure, ConnectException.class)) {
            return new ExportFetchException(TotaraFailure.UNREACHABLE, "Could not connect to Totara at " + url
                    + ": connection refused (is Totara running, and is " + Setting.TOTARA_URL.variable() + " right?)",
                    true, failure);
        }
        return new ExportFetchException(TotaraFailure.CONNECTION_FAILED, "Unable to fetch " + fileName
                + " from Totara at " + url + ": " + describe(failure), true, failure);
    }

    private ExportFetchException timedOut(URI uri, Throwable cause) {
        return new ExportFetchException(TotaraFailure.TIMED_OUT, "Timed out after " + ShortDuration.text(requestTimeout)
                + " waiting for Totara at " + display(uri), true, cause);
    }

    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> pending,
                                     FileBodySubscriber.Progress progress)
            throws InterruptedException, ExecutionException, TimeoutException {
        long timeout = requestTimeout.toNanos();
        while (true) {
            long left = timeout - (System.nanoTime() - progress.lastActivity());
            try {
                if (left <= 0) {
                    throw new TimeoutException();
                }
                return pending.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Bytes may have arrived while waiting: only an idle connection is a timeout.
                if (timeout - (System.nanoTime() - progress.lastActivity()) <= 0) {
                    abandon(pending, progress);
                    throw e;
                }
            } catch (InterruptedException e) {
                abandon(pending, progress);
                throw e;
            }
        }
    }

    private static void abandon(CompletableFuture<?> pending, FileBodySubscriber.Progress progress) {
        progress.abandon();
        pending.cancel(true);
    }

    /** The connection the requests go over (shared by {@link ExportFreshness}). */
    HttpClient http() {
        return http;
    }

    HttpRequest.Builder signed(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        TotaraToken.signedHeaders(key.reveal(), clock).forEach(request::header);
        return request;
    }

    static SSLContext trusting(Path trustStore, Secret password) throws IOException {
        KeyStore store = loadTrustStore(trustStore, password);
        try {
            if (store.size() == 0) {
                throw new IOException("The trust store " + trustStore + " (" + Setting.TRUST_STORE.variable()
                        + ") holds no certificates");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("The trust store " + trustStore + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore loadTrustStore(Path file, Secret password) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("The trust store " + file + " (" + Setting.TRUST_STORE.variable()
                    + ") does not exist or is not a file");
        }
        char[] secret = password == null ? null : password.reveal().toCharArray();
        Exception first = null;
        try {
            for (String type : List.of("PKCS12", "JKS")) {
                try (InputStream in = Files.newInputStream(file)) {
                    KeyStore store = KeyStore.getInstance(type);
                    store.load(in, secret);
                    return store;
                } catch (IOException | GeneralSecurityException e) {
                    first = first == null ? e : first;
                }
            }
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
        String reason = has(first, UnrecoverableKeyException.class)
                ? "the password (" + Setting.TRUST_STORE_PASSWORD.variable() + ") is wrong"
                : "it is not a PKCS12 or JKS trust store, or the password (" + Setting.TRUST_STORE_PASSWORD.variable()
                        + ") is wrong";
        throw new IOException("Could not open the trust store " + file + ": " + reason, first);
    }

    private static URI webRoot(URI url) {
        requireNonNull(url, "totaraUrl");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("The Totara URL must look like https://totara.example.org, not \""
                    + display(url) + "\"");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messageOf(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return describe(t);
            }
        }
        return describe(failure);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static Duration requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    private static <T> T requireNonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /**
     * Totara's clock as the {@code Date} header of its answer to the status query says (whole seconds); empty when
     * no answer came or it carried no such header. Totara answers a request signed at the wrong time with a bare
     * 404, the same as a wrong key, so comparing clocks is how the connection test tells the two apart.
     */
    public Optional<Instant> serverTime() {
        HttpRequest request = signed(URI.create(totaraUrl + STATUS_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(STATUS_QUERY))
                .build();
        CompletableFuture<HttpResponse<Void>> pending = http.sendAsync(request, BodyHandlers.discarding());
        try {
            return pending.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS).headers().firstValue("Date")
                    .map(TotaraClient::httpDate);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | DateTimeParseException e) {
            pending.cancel(true);
            return Optional.empty();
        }
    }

    private static Instant httpDate(String text) {
        return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
