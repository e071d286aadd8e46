package io.mlservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.TestCertificate;
import io.mlservice.config.TlsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The API over HTTPS with a certificate from PEM files or a PKCS12 key store: signed requests from a real client
 * that trusts the certificate, TLS 1.2 and 1.3 only, plain HTTP refused, and a renewed certificate served without a
 * restart while a broken one leaves the old one serving.
 */
class HttpsApiTest {
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path made;
    @TempDir
    Path folder;

    private static TestCertificate first;
    private static TestCertificate second;

    private final SSLContext trustingBoth = TestCertificate.trusting(first, second);
    private final HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustingBoth).connectTimeout(Duration.ofSeconds(5)).build();
    private Path cert;
    private Path key;
    private TlsLog log;
    private RunningApi api;

    @BeforeAll
    static void makeCertificates() {
        first = TestCertificate.create(made, "first.example", "EC");
        second = TestCertificate.create(made, "second.example", "EC");
    }

    @BeforeEach
    void pemFilesOfTheFirst() throws IOException {
        cert = folder.resolve("api.crt");
        key = folder.resolve("api.key");
        first.writePem(cert, key);
        log = new TlsLog();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        log.close();
    }

    @Test
    void theHomePageAndSignedRequestsAreServedOverHttps() throws Exception {
        api = start(Map.of(Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY, key.toString()));

        assertThat(api.server.baseUri().toString()).isEqualTo("https://127.0.0.1:" + api.server.port() + "/");
        HttpResponse<String> home = https.send(api.request("").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = https.send(api.signed("/health-check").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> items = https.send(api.signed("/user-items?totara_user_id=2&item_type=engage_article"
                + "&tenant=0&n_items=2").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = https.send(api.request("/health-check").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<html");
        assertThat(home.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(RunningApi.json(health).get("success").asBoolean()).isTrue();
        assertThat(RunningApi.json(items).get("items")).hasSize(2);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(servedCertificate()).isEqualTo(first.certificate());
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoAnswer() {
        api = start(Map.of(Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY, key.toString()));
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.server.port() + "/"))
                .timeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void onlyTls12And13AreOffered() throws Exception {
        api = start(Map.of(Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY, key.toString()));
        HttpClient tls12 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingBoth)
                .sslParameters(new SSLParameters(null, new String[] {"TLSv1.2"})).build();
        HttpResponse<String> answer = tls12.send(api.signed("/health-check").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.2"));

        assertThat(probe("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1")).as("in a JVM that would allow TLS 1.0 and 1.1")
                .satisfiesExactly(
                        line -> assertThat(line).isEqualTo("TLSv1.3: negotiated TLSv1.3"),
                        line -> assertThat(line).isEqualTo("TLSv1.2: negotiated TLSv1.2"),
                        // the version itself, not only (as Jetty's default cipher suites do) its cipher suites
                        line -> assertThat(line).startsWith("TLSv1.1: refused: ").endsWith("protocol_version"),
                        line -> assertThat(line).startsWith("TLSv1: refused: ").endsWith("protocol_version"));
    }

    @Test
    void renewedPemFilesAreServedWithoutARestart() throws Exception {
        api = start(Map.of(Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY, key.toString()));
        assertThat(servedCertificate()).isEqualTo(first.certificate());

        second.writePem(cert, key);

        assertThat(log.await(Level.INFO, "renewed").getFormattedMessage()).contains("CN=second.example");
        assertThat(servedCertificate()).isEqualTo(second.certificate());
        assertThat(https.send(api.signed("/health-check").build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aBrokenRenewalKeepsTheOldCertificateServingWithAWarning() throws Exception {
        api = start(Map.of(Setting.TLS_CERT, cert.toString(), Setting.TLS_KEY, key.toString()));

        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        ILoggingEvent warning = log.await(Level.WARN, "cannot serve");
        assertThat(warning.getFormattedMessage()).isEqualTo("The TLS certificate files changed but cannot serve:"
                + " ML_TLS_KEY=" + key + " holds a private key that cannot be read: not an RSA, EC or EdDSA key in"
                + " PKCS#8 form; the previous certificate keeps serving");
        assertThat(servedCertificate()).isEqualTo(first.certificate());

        second.writePem(cert, key);

        log.await(Level.INFO, "renewed");
        assertThat(servedCertificate()).isEqualTo(second.certificate());
    }

    @Test
    void aKeyStoreServesAndIsReloadedWhenReplaced() throws Exception {
        Path store = Files.copy(first.keyStore(), folder.resolve("api.p12"));
        api = start(Map.of(Setting.TLS_KEYSTORE, store.toString(), Setting.TLS_KEYSTORE_PASSWORD,
                TestCertificate.PASSWORD));
        assertThat(servedCertificate()).isEqualTo(first.certificate());
        assertThat(api.server.baseUri().getScheme()).isEqualTo("https");

        Files.copy(second.keyStore(), store, StandardCopyOption.REPLACE_EXISTING);

        log.await(Level.INFO, "renewed");
        assertThat(servedCertificate()).isEqualTo(second.certificate());
        assertThat(log.all()).noneMatch(e -> e.getFormattedMessage().contains(TestCertificate.PASSWORD));
    }

    @Test
    void aKeptAliveHttpsConnectionAnswersPastTheHeaderDeadline() throws Exception {
        ServiceSettings settings = TestSettings.defaults().withChanges(Map.of(Setting.TLS_CERT, cert.toString(),
                Setting.TLS_KEY, key.toString()));
        Duration deadline = Duration.ofMillis(300);
        ApiServer server = new ApiServer(() -> settings, ServedTenant.registry(), FixedServiceStatus.folder(),
                new ApiMetrics(Clock.systemUTC()), Clock.systemUTC(), deadline);
        server.start();
        try (server; SSLSocket socket = (SSLSocket) trustingBoth.getSocketFactory().createSocket("127.0.0.1",
                server.port())) {
            socket.setSoTimeout(10_000);
            Instant until = Instant.now().plus(deadline.multipliedBy(3));
            int answered = 0;
            while (Instant.now().isBefore(until)) {
                socket.getOutputStream().write("GET /favicon.ico HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");
                answered++;
            }
            assertThat(answered).as("answers on one connection for three deadlines").isGreaterThan(1);
        }
    }

    private RunningApi start(Map<Setting, String> tls) {
        try {
            ServiceSettings settings = TestSettings.defaults().withChanges(tls);
            return new RunningApi(settings, ServedTenant.registry(), FixedServiceStatus.folder());
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The certificate a new connection is shown. */
    private Certificate servedCertificate() throws IOException {
        try (SSLSocket socket = (SSLSocket) trustingBoth.getSocketFactory().createSocket("127.0.0.1",
                api.server.port())) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    /** One answer's status line and headers, its body (of a {@code Content-Length}) read past. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed after: " + head);
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as("a Content-Length in " + head).isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
        return head.toString();
    }

    /**
     * The API started in a JVM whose policy allows TLS 1.0 and 1.1 (a default JVM refuses them itself), and a
     * handshake there offering only each of these protocols: one line each.
     */
    private List<String> probe(String... protocols) throws Exception {
        Path security = Files.writeString(folder.resolve("allow-old-tls.security"),
                "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,"
                        + " 3DES_EDE_CBC, anon, NULL\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Djava.security.properties=" + security,
                "-Djavax.net.ssl.trustStore=" + first.keyStore(), "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + TestCertificate.PASSWORD,
                "-cp", System.getProperty("java.class.path"), TlsPolicyProbe.class.getName(), cert.toString(),
                key.toString()));
        command.addAll(List.of(protocols));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(l -> l.startsWith("TLSv")).toList();
    }

    /** The lines {@link ServerTls} logs, to wait for a reload without guessing how long it takes. */
    private static final class TlsLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        private final BlockingQueue<ILoggingEvent> events = new LinkedBlockingQueue<>();
        private final List<ILoggingEvent> seen = new CopyOnWriteArrayList<>();

        /** Takes the INFO lines too (the tests log WARN and above) and keeps them off the test output. */
        TlsLog() {
            start();
            logger().addAppender(this);
            logger().setLevel(Level.INFO);
            logger().setAdditive(false);
        }

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
            seen.add(event);
        }

        /** The next line of this level containing the text, within {@link #RELOAD_WAIT}. */
        ILoggingEvent await(Level level, String text) throws InterruptedException {
            Instant deadline = Instant.now().plus(RELOAD_WAIT);
            while (Instant.now().isBefore(deadline)) {
                ILoggingEvent e = events.poll(Duration.between(Instant.now(), deadline).toMillis(),
                        TimeUnit.MILLISECONDS);
                if (e != null && e.getLevel() == level && e.getFormattedMessage().contains(text)) {
                    return e;
                }
            }
            throw new AssertionError("no " + level + " line with \"" + text + "\" within " + RELOAD_WAIT
                    + "; logged: " + seen.stream().map(ILoggingEvent::getFormattedMessage).toList());
        }

        List<ILoggingEvent> all() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            logger().detachAppender(this);
            logger().setLevel(null);
            logger().setAdditive(true);
            stop();
        }

        private static Logger logger() {
            return (Logger) LoggerFactory.getLogger(ServerTls.class);
        }
    }
}
