package io.mlservice.totara;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.nio.file.attribute.FileTime;
import java.security.cert.Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP server on 127.0.0.1 that behaves like Totara towards the ML service:
 * <ul>
 *   <li>{@code GET /pluginfile.php/1/ml_recommender/export/<file>} checks the signature headers (missing, wrong or
 *   stale: 404, as Totara answers) and serves the file from the export folder ({@code text/csv}); 404 for a name
 *   Totara does not export or a file the folder lacks; {@code tenants.csv} missing from the folder: 204
 *   (multi-tenancy off). Each file goes with {@code Last-Modified} (its modification time, whole seconds); a
 *   request whose {@code If-Modified-Since} is at or after it gets {@code 304 Not Modified} and no body.
 *   {@link #publishNewExport} makes the folder's files newer, as Totara's next export would.</li>
 *   <li>{@code POST /totara/webapi/ajax.php} answers the GraphQL status query with
 *   {@code {"data":{"totara_webapi_status":{"status":"ok"}}}}, or whatever {@link #statusReplies} set.</li>
 * </ul>
 * Tests script answers ({@link #answer}, {@link #failAll}) and assert on the request log ({@link #served()}).
 * {@link #https} serves over TLS with a certificate made for the test, and offers a trust store holding it.
 */
public final class FakeTotara implements AutoCloseable {
    /** The name the GraphQL status requests are logged under. */
    public static final String STATUS_ENDPOINT = "ajax.php";
    public static final String STATUS_OK = "{\"data\":{\"totara_webapi_status\":{\"status\":\"ok\"}}}";
    /** The trust store password of {@link #https} servers. */
    public static final String TRUST_STORE_PASSWORD = "fake-totara-trust";

    private static final String KEY_STORE_PASSWORD = "fake-totara-key";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** One request as the fake answered it. */
    public record Served(String file, int status, String userAgent) {
    }

    private final String key;
    private final Server server;
    private final ServerConnector connector;
    private final Path trustStore;
    private final Map<String, Deque<Integer>> scripted = new HashMap<>();
    private final List<Served> log = new ArrayList<>();
    private volatile Path exportFolder;
    private volatile int failAllStatus;
    private volatile int statusHttp = 200;
    private volatile String statusBody = STATUS_OK;
    private volatile CountDownLatch statusHeld;

    private FakeTotara(Path exportFolder, String key, SslContextFactory.Server tls, Path trustStore) {
        this.exportFolder = exportFolder;
        this.key = key;
        this.trustStore = trustStore;
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("fake-totara");
        this.server = new Server(threads);
        this.connector = tls == null ? new ServerConnector(server, 1, 1) : new ServerConnector(server, 1, 1, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Routes());
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the fake Totara did not start", e);
        }
    }

    /** Serves the export files of a folder over HTTP, signed with this key. */
    public static FakeTotara serving(Path exportFolder, String key) {
        return new FakeTotara(exportFolder, key, null, null);
    }

    /**
     * Serves over HTTPS with a self-signed certificate for 127.0.0.1 made in {@code workFolder} (by the JDK's
     * keytool); {@link #trustStore()} is a PKCS12 trust store holding it.
     */
    public static FakeTotara https(Path exportFolder, String key, Path workFolder) {
        Path keyStore = workFolder.resolve("fake-totara-key.p12");
        Path trustStore = workFolder.resolve("fake-totara-trust.p12");
        makeCertificate(keyStore);
        copyCertificate(keyStore, trustStore);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(KEY_STORE_PASSWORD);
        return new FakeTotara(exportFolder, key, tls, trustStore);
    }

    /** The web root, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        String scheme = trustStore == null ? "http" : "https";
        return URI.create(scheme + "://127.0.0.1:" + connector.getLocalPort());
    }

    /** The PKCS12 trust store (password {@link #TRUST_STORE_PASSWORD}) of an {@link #https} server, else null. */
    public Path trustStore() {
        return trustStore;
    }

    /** Serves another folder from now on, as after a new export. */
    public void replaceExport(Path folder) {
        exportFolder = folder;
    }

    /**
     * Gives every file of the export folder the same new modification time, whole seconds, later than any of them
     * had: what Totara's next scheduled export does to them.
     *
     * @return the new time, which the files' {@code Last-Modified} now says
     */
    public Instant publishNewExport() throws IOException {
        Instant newest = Instant.EPOCH;
        try (Stream<Path> files = Files.list(exportFolder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Instant time = Files.getLastModifiedTime(file).toInstant();
                newest = time.isAfter(newest) ? time : newest;
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant published = now.isAfter(newest) ? now : newest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        try (Stream<Path> files = Files.list(exportFolder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(published));
            }
        }
        return published;
    }

    /** How many requests for this file Totara answered with this status. */
    public synchronized int answered(String file, int status) {
        return (int) log.stream().filter(s -> s.file().equals(file) && s.status() == status).count();
    }

    /**
     * Answers the next requests for {@code file} with these statuses, in order, before serving it normally again.
     * A scripted 200 serves the file. Only correctly signed requests use up a scripted answer.
     */
    public synchronized void answer(String file, int... statuses) {
        Deque<Integer> queue = scripted.computeIfAbsent(file, f -> new ArrayDeque<>());
        for (int status : statuses) {
            queue.add(status);
        }
    }

    /** Answers every export request with this status (even unsigned ones), until {@link #serveNormally()}. */
    public void failAll(int status) {
        failAllStatus = status;
    }

    /** Forgets {@link #answer} scripts and {@link #failAll}. */
    public synchronized void serveNormally() {
        scripted.clear();
        failAllStatus = 0;
    }

    /** What the GraphQL status endpoint answers from now on; {@code (200, STATUS_OK)} by default. */
    public void statusReplies(int httpStatus, String jsonBody) {
        statusBody = jsonBody;
        statusHttp = httpStatus;
    }

    /** The status endpoint answers nothing until {@link #releaseStatus} (or 60 s): a Totara that hangs. */
    public void holdStatus() {
        statusHeld = new CountDownLatch(1);
    }

    /** Answers the held status requests, and every one from now on at once. */
    public void releaseStatus() {
        CountDownLatch held = statusHeld;
        statusHeld = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Every request so far, oldest first. */
    public synchronized List<Served> served() {
        return List.copyOf(log);
    }

    /** How many requests for this file (or {@link #STATUS_ENDPOINT}) came, whatever the answer. */
    public synchronized int requests(String file) {
        return (int) log.stream().filter(s -> s.file().equals(file)).count();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the fake Totara did not stop", e);
        }
    }

    private synchronized void record(String file, int status, String userAgent) {
        log.add(new Served(file, status, userAgent));
    }

    private synchronized int nextScripted(String file) {
        Deque<Integer> queue = scripted.get(file);
        return queue == null || queue.isEmpty() ? 0 : queue.poll();
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
            if (path.equals(StatusQuery.PATH)) {
                answerStatus(request, response, callback, userAgent);
            } else if (path.startsWith(ExportFileDownload.PATH)) {
                answerExport(path.substring(ExportFileDownload.PATH.length()), request, response, callback,
                        userAgent);
            } else {
                record(path, 404, userAgent);
                empty(response, callback, 404);
            }
            return true;
        }

        private void answerStatus(Request request, Response response, Callback callback, String userAgent)
                throws IOException {
            String body = Content.Source.asString(request);
            boolean query = request.getMethod().equals("POST") && body.contains("\"totara_webapi_status_nosession\"");
            int status = query ? statusHttp : 400;
            record(STATUS_ENDPOINT, status, userAgent);
            CountDownLatch held = statusHeld;
            if (held != null) {
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, query ? statusBody : "{\"errors\":[{\"message\":\"bad query\"}]}",
                    callback);
        }

        private void answerExport(String file, Request request, Response response, Callback callback,
                                  String userAgent) throws IOException {
            int forced = failAllStatus;
            if (forced != 0) {
                record(file, forced, userAgent);
                empty(response, callback, forced);
                return;
            }
            if (!signedNow(request) || !TotaraClient.isExportFile(file)) {
                record(file, 404, userAgent);
                empty(response, callback, 404);
                return;
            }
            int scriptedStatus = nextScripted(file);
            if (scriptedStatus != 0 && scriptedStatus != 200) {
                record(file, scriptedStatus, userAgent);
                empty(response, callback, scriptedStatus);
                return;
            }
            byte[] content;
            Instant modified;
            try {
                Path path = exportFolder.resolve(file);
                modified = Files.getLastModifiedTime(path).toInstant().truncatedTo(ChronoUnit.SECONDS);
                content = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                int status = file.equals("tenants.csv") ? 204 : 404;
                record(file, status, userAgent);
                empty(response, callback, status);
                return;
            }
            if (notModifiedSince(request, modified)) {
                record(file, 304, userAgent);
                empty(response, callback, 304);
                return;
            }
            record(file, 200, userAgent);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/csv");
            response.getHeaders().put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(modified.atZone(ZoneOffset.UTC)));
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.length);
            response.write(true, ByteBuffer.wrap(content), callback);
        }

        private static boolean notModifiedSince(Request request, Instant modified) {
            String since = request.getHeaders().get(HttpHeader.IF_MODIFIED_SINCE);
            if (since == null) {
                return false;
            }
            try {
                return !ZonedDateTime.parse(since.trim(), HTTP_DATE).toInstant().isBefore(modified);
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        private boolean signedNow(Request request) {
            String time = request.getHeaders().get(TotaraToken.TIME_HEADER);
            String signature = request.getHeaders().get(TotaraToken.KEY_HEADER);
            long now = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis());
            return TotaraToken.verify(time, signature, key, now) == TotaraToken.Verdict.VALID;
        }

        private void empty(Response response, Callback callback, int status) {
            response.setStatus(status);
            callback.succeeded();
        }
    }

    private static void makeCertificate(Path keyStore) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        // A quick-starting JVM for a one-second job.
        List<String> command = List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", "fake-totara",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", KEY_STORE_PASSWORD, "-keypass", KEY_STORE_PASSWORD);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes());
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a certificate", e);
        }
    }

    private static void copyCertificate(Path keyStore, Path trustStore) {
        try (InputStream in = Files.newInputStream(keyStore); OutputStream out = Files.newOutputStream(trustStore)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, KEY_STORE_PASSWORD.toCharArray());
            Certificate certificate = keys.getCertificate("fake-totara");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("fake-totara", certificate);
            trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make the trust store", e);
        }
    }
}
