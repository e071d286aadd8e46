package io.mlservice.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlservice.config.BindAddress;
import io.mlservice.config.Secret;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.totara.ExportFetchException;
import io.mlservice.totara.FetchResult;
import io.mlservice.totara.TotaraClient;
import io.mlservice.totara.TotaraStatus;
import io.mlservice.totara.TotaraToken;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's "test connection": whether this service and a Totara site reach each other with a key, both ways,
 * checked the way each side really talks (Totara's status query and a signed export download one way, a signed
 * {@code /health-check} the other), every failure worded for the administrator who has to fix it. Nothing it says
 * contains the key. Blocking (a few HTTP round trips, each bounded by the timeout): call it off the JavaFX thread.
 */
public final class ConnectionCheck {
    /** Totara gives the service's health check this long; a slower answer is no answer for Totara. */
    static final Duration TOTARA_BUDGET = Duration.ofSeconds(2);
    private static final long LARGEST_TENANTS_FILE = 16L * 1024 * 1024;
    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP (\\d{3})");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Which way a finding is about. */
    public enum Direction {
        /** This service asking Totara (status, export). */
        TO_TOTARA,
        /** Totara asking this service (the signed health check). */
        TO_SERVICE
    }

    /** How a finding should be shown. */
    public enum Level { OK, WARNING, PROBLEM }

    /** What was found; each kind belongs to one direction. */
    public enum Kind {
        TOTARA_READY(Direction.TO_TOTARA, Level.OK),
        EXPORT_NOT_READY(Direction.TO_TOTARA, Level.WARNING),
        BAD_URL(Direction.TO_TOTARA, Level.PROBLEM),
        TRUST_STORE(Direction.TO_TOTARA, Level.PROBLEM),
        UNKNOWN_HOST(Direction.TO_TOTARA, Level.PROBLEM),
        UNREACHABLE(Direction.TO_TOTARA, Level.PROBLEM),
        TIMED_OUT(Direction.TO_TOTARA, Level.PROBLEM),
        TLS(Direction.TO_TOTARA, Level.PROBLEM),
        NOT_FOUND(Direction.TO_TOTARA, Level.PROBLEM),
        NOT_TOTARA(Direction.TO_TOTARA, Level.PROBLEM),
        WRONG_KEY(Direction.TO_TOTARA, Level.PROBLEM),
        CLOCK_SKEW(Direction.TO_TOTARA, Level.PROBLEM),
        SERVICE_ANSWERS(Direction.TO_SERVICE, Level.OK),
        KEY_NOT_IN_USE_YET(Direction.TO_SERVICE, Level.WARNING),
        LOOPBACK_ONLY(Direction.TO_SERVICE, Level.WARNING),
        SERVICE_NOT_RUNNING(Direction.TO_SERVICE, Level.PROBLEM),
        SERVICE_REFUSED_KEY(Direction.TO_SERVICE, Level.PROBLEM),
        SERVICE_CLOCK_SKEW(Direction.TO_SERVICE, Level.PROBLEM),
        SERVICE_UNREACHABLE(Direction.TO_SERVICE, Level.PROBLEM);

        private final Direction direction;
        private final Level level;

        Kind(Direction direction, Level level) {
            this.direction = direction;
            this.level = level;
        }

        public Direction direction() {
            return direction;
        }

        public Level level() {
            return level;
        }
    }

    /** One thing found, in words for the administrator. */
    public record Finding(Kind kind, String text) {
        public Direction direction() {
            return kind.direction();
        }

        public Level level() {
            return kind.level();
        }
    }

    /** Everything found, this service → Totara first. */
    public record Report(List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }

        /** No finding is a problem (warnings allowed). */
        public boolean passed() {
            return findings.stream().noneMatch(f -> f.level() == Level.PROBLEM);
        }

        public List<Finding> towards(Direction direction) {
            return findings.stream().filter(f -> f.direction() == direction).toList();
        }

        public boolean has(Kind kind) {
            return findings.stream().anyMatch(f -> f.kind() == kind);
        }
    }

    /**
     * The Totara side to test.
     *
     * @param totaraUrl          Totara's web root as typed
     * @param key                the shared key to test
     * @param trustStore         the trust store the service would use, or null for the system's authorities
     * @param trustStorePassword its password, or null
     */
    public record Target(URI totaraUrl, Secret key, Path trustStore, Secret trustStorePassword) {
    }

    /**
     * The running service as Totara would reach it.
     *
     * @param baseUri  where it answers on this computer, e.g. {@code http://127.0.0.1:5000/}
     * @param bind     the address it listens on
     * @param keyInUse the key it checks signatures with now
     */
    public record ServiceEndpoint(URI baseUri, BindAddress bind, Secret keyInUse) {
        /** The running service's endpoint, or null when {@code service} is null. */
        public static ServiceEndpoint of(MlService service) {
            if (service == null) {
                return null;
            }
            ServiceSettings s = service.settings();
            return new ServiceEndpoint(service.baseUri(), s.bind().withPort(service.port()), s.totaraKey());
        }
    }

    private final Clock clock;
    private final Duration timeout;
    /** Built on first use: its TLS set-up takes a noticeable moment, which belongs on a background thread. */
    private HttpClient http;

    /**
     * @param clock   signs the requests and is compared with Totara's
     * @param timeout how long to wait for Totara's answers
     */
    public ConnectionCheck(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1)).build();
        }
        return http;
    }

    /** With the timeout the service itself uses for Totara's status. */
    public ConnectionCheck(Clock clock) {
        this(clock, TotaraClient.DEFAULT_TIMEOUT);
    }

    /**
     * Tests both directions: this service → Totara, then Totara → this service (signed with Totara's time when
     * Totara told it, so a clock difference shows the way Totara would meet it).
     *
     * @param service the running service, or null when it is not running
     */
    public Report run(Target target, ServiceEndpoint service) throws InterruptedException {
        List<Finding> findings = new ArrayList<>();
        TotaraSide totara = towardsTotara(target);
        findings.add(totara.finding());
        Clock totaraClock = totara.totaraAhead() == null ? clock : Clock.offset(clock, totara.totaraAhead());
        findings.addAll(towardsService(service, target.key(), totaraClock));
        return new Report(findings);
    }

    /** This service → Totara: the finding, and Totara's clock minus ours when Totara told its time. */
    record TotaraSide(Finding finding, Duration totaraAhead) {
    }

    TotaraSide towardsTotara(Target target) throws InterruptedException {
        TotaraClient client;
        try {
            client = new TotaraClient(target.totaraUrl(), target.key(), target.trustStore(),
                    target.trustStorePassword(), timeout, clock);
        } catch (IllegalArgumentException e) {
            return new TotaraSide(new Finding(Kind.BAD_URL, "\"" + shown(target.totaraUrl()) + "\" is not a web "
                    + "address Totara can have: use its web root, e.g. https://lms.example.org"), null);
        } catch (IOException e) {
            return new TotaraSide(new Finding(Kind.TRUST_STORE, e.getMessage()), null);
        }
        String url = shown(client.url());
        TotaraStatus status = client.status();
        if (!status.ok()) {
            return new TotaraSide(statusProblem(status.error(), client.url()), null);
        }
        Duration totaraAhead = client.serverTime()
                .map(theirs -> Duration.between(clock.instant(), theirs))
                .orElse(null);
        FetchResult tenants;
        Path folder = null;
        try {
            folder = Files.createTempDirectory("ml-connection-test");
            tenants = client.fetch("tenants.csv", folder.resolve("tenants.csv"), LARGEST_TENANTS_FILE);
            return new TotaraSide(exportAnswer(tenants, folder.resolve("tenants.csv"), url, totaraAhead),
                    totaraAhead);
        } catch (ExportFetchException e) {
            return new TotaraSide(new Finding(Kind.UNREACHABLE, "Totara answered its status query, but the "
                    + "export download failed: " + e.getMessage()), totaraAhead);
        } catch (IOException e) {
            return new TotaraSide(new Finding(Kind.NOT_TOTARA, "The test could not keep Totara's answer: "
                    + e.getMessage()), totaraAhead);
        } finally {
            deleteQuietly(folder);
        }
    }

    private static Finding statusProblem(String error, URI url) {
        String shown = shown(url);
        if (error.startsWith("Unable to resolve")) {
            return new Finding(Kind.UNKNOWN_HOST, "The name " + url.getHost() + " cannot be found (DNS): check "
                    + "the spelling of the Totara URL, and that this computer can look up names on your network.");
        }
        if (error.startsWith("Could not connect")) {
            return new Finding(Kind.UNREACHABLE, "Nothing answers at " + shown + ": the connection was refused. "
                    + "Check the URL (http or https, and the port), that Totara's web server is running, and that "
                    + "no firewall blocks this computer.");
        }
        if (error.startsWith("Timed out")) {
            return new Finding(Kind.TIMED_OUT, "Totara at " + shown + " did not answer in time: the host may be "
                    + "down, or a firewall silently drops connections from this computer.");
        }
        if (error.contains("TLS failed")) {
            return new Finding(Kind.TLS, "The secure connection to " + shown + " failed"
                    + error.substring(error.indexOf("TLS failed") + "TLS failed".length()) + ". If Totara's "
                    + "certificate is not signed by a publicly trusted authority, set a trust store holding it "
                    + "(advanced settings: trust store and its password).");
        }
        Matcher http = HTTP_STATUS.matcher(error);
        if (http.find()) {
            int code = Integer.parseInt(http.group(1));
            if (code == 404) {
                return new Finding(Kind.NOT_FOUND, shown + " has no Totara status page (HTTP 404 Not Found): "
                        + "the URL is not Totara's web root. Use the address of Totara's front page, e.g. "
                        + "https://lms.example.org, without /login or /index.php.");
            }
            if (code >= 300 && code < 400) {
                return new Finding(Kind.NOT_TOTARA, shown + " redirects elsewhere (HTTP " + code + "): use the "
                        + "address it redirects to, e.g. https:// instead of http://.");
            }
            return new Finding(Kind.NOT_TOTARA, "Totara at " + shown + " answered its status query with HTTP "
                    + code + (code >= 500 ? ": the site has a problem right now; try again later." : "."));
        }
        return new Finding(Kind.NOT_TOTARA, shown + " answered, but not the way Totara answers its status query: "
                + "check that the URL is Totara's web root.");
    }

    private Finding exportAnswer(FetchResult tenants, Path file, String url, Duration totaraAhead) {
        int code = tenants.status();
        if (code == 200 || code == 204) {
            String what = code == 204 ? "one site without tenants" : tenantCount(file);
            return new Finding(Kind.TOTARA_READY, "Totara at " + url + " accepted the key and its export is "
                    + "ready (" + what + ").");
        }
        if (code == 202) {
            return new Finding(Kind.EXPORT_NOT_READY, "Totara accepted the key, but its export is not ready yet "
                    + "(HTTP 202: Totara is still writing it). The service keeps the current model and tries "
                    + "again within minutes; check that Totara's scheduled task for the recommender export runs.");
        }
        if (code == 401 || code == 403 || code == 404) {
            if (totaraAhead != null && Math.abs(totaraAhead.toSeconds()) >= TotaraToken.WINDOW_SECONDS - 1) {
                return new Finding(Kind.CLOCK_SKEW, "The clocks were not in sync: Totara's clock is "
                        + difference(totaraAhead) + " this computer's. Totara refuses requests signed more than "
                        + TotaraToken.WINDOW_SECONDS + " s away from its own time (and this service refuses "
                        + "Totara's the same way). Set both computers to synchronise their clocks (NTP).");
            }
            return new Finding(Kind.WRONG_KEY, "Totara refused the key (HTTP " + code + " for the signed export "
                    + "request" + (code == 404 ? ", which is how Totara answers a wrong key" : "") + "). The key "
                    + "must equal $CFG->ml_service_key in Totara's config.php exactly"
                    + (totaraAhead == null ? ", and both computers' clocks must agree within "
                    + TotaraToken.WINDOW_SECONDS + " s" : "") + ".");
        }
        return new Finding(Kind.NOT_TOTARA, "Totara answered the export request with HTTP " + code
                + (code >= 500 ? ": the site has a problem right now; try again later." : "."));
    }

    /** Totara → this service: the signed health check as Totara sends it, and whether Totara could reach us. */
    List<Finding> towardsService(ServiceEndpoint service, Secret key, Clock signingClock)
            throws InterruptedException {
        if (service == null) {
            return List.of(new Finding(Kind.SERVICE_NOT_RUNNING, "This service is not running, so Totara cannot "
                    + "reach it: start it first."));
        }
        List<Finding> findings = new ArrayList<>();
        URI healthCheck = service.baseUri().resolve("health-check");
        Answer answer = healthCheck(healthCheck, key, signingClock);
        if (answer.status() == 401 && answer.body().contains("The clocks were not in sync")) {
            findings.add(new Finding(Kind.SERVICE_CLOCK_SKEW, "This service refused the signed health check: "
                    + "the clocks were not in sync. Totara's requests would be refused the same way until both "
                    + "clocks agree within " + TotaraToken.WINDOW_SECONDS + " s."));
        } else if (answer.status() == 401) {
            boolean otherKey = service.keyInUse() == null || !service.keyInUse().equals(key);
            if (otherKey && service.keyInUse() != null
                    && healthCheck(healthCheck, service.keyInUse(), signingClock).status() == 200) {
                findings.add(new Finding(Kind.KEY_NOT_IN_USE_YET, "This service answers at " + healthCheck
                        + ", but it still checks requests with its current key: save this key (Connect, or Apply "
                        + "in Settings) and Totara's requests will be accepted."));
            } else {
                findings.add(new Finding(Kind.SERVICE_REFUSED_KEY, "This service refused the signed health check "
                        + "with this key (401 Invalid access)."));
            }
        } else if (answer.status() == 200) {
            findings.add(new Finding(Kind.SERVICE_ANSWERS, "This service answered Totara's signed health check at "
                    + healthCheck + "." + modelNote(answer.body())));
        } else if (answer.status() > 0) {
            findings.add(new Finding(Kind.SERVICE_UNREACHABLE, "This service answered its health check with "
                    + "HTTP " + answer.status() + "."));
        } else {
            findings.add(new Finding(Kind.SERVICE_UNREACHABLE, "Nothing answers at " + healthCheck + ": "
                    + answer.body()));
        }
        if (loopbackOnly(service.bind())) {
            findings.add(new Finding(Kind.LOOPBACK_ONLY, "This service listens on " + service.bind()
                    + " only: Totara on another computer cannot reach it. Unless Totara runs on this computer, "
                    + "set the listen address to every interface (*) or to this computer's address on your "
                    + "private network."));
        }
        return findings;
    }

    /** Whether only this computer can reach an API bound here. */
    public static boolean loopbackOnly(BindAddress bind) {
        String host = bind.host();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * What Totara's {@code $CFG->ml_service_url} should say for an API bound here: the bound host, or for every
     * interface this computer's first private IPv4 address (else its name). Looks at the network interfaces; no
     * name lookup unless there is no private address.
     */
    public static String urlForTotara(BindAddress bind, int port) {
        String host = bind.host();
        if (host == null || bind.allInterfaces()) {
            host = privateAddress().orElseGet(ConnectionCheck::hostName);
        } else if (loopbackOnly(bind)) {
            host = "localhost";
        }
        return BindAddress.httpUrl(host, port);
    }

    private static Optional<String> privateAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** An HTTP answer, or status 0 and the reason when none came. */
    private record Answer(int status, String body) {
    }

    private Answer healthCheck(URI uri, Secret key, Clock signingClock) throws InterruptedException {
        HttpRequest.Builder signed = HttpRequest.newBuilder(uri).timeout(TOTARA_BUDGET);
        TotaraToken.signedHeaders(key.reveal(), signingClock).forEach(signed::header);
        HttpRequest request = signed.GET().build();
        try {
            HttpResponse<String> response = http().send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new Answer(0, "no answer within " + TOTARA_BUDGET.toSeconds() + " s, which is all Totara waits.");
        } catch (ConnectException e) {
            return new Answer(0, "the connection was refused: the service is not listening there.");
        } catch (IOException e) {
            return new Answer(0, String.valueOf(e.getMessage()));
        }
    }

    private static String modelNote(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if ("false".equals(json.path("totara").path("recommendation_model").asText())) {
                return " No model is trained yet: until one is, Totara shows its own lists.";
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static String tenantCount(Path file) {
        try (var lines = Files.lines(file)) {
            long tenants = lines.skip(1).filter(l -> !l.isBlank()).count();
            return tenants == 1 ? "1 tenant" : tenants + " tenants";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "tenants listed";
        }
    }

    /**
     * "40 s ahead of", "about 5 min behind": Totara's {@code Date} header has whole seconds, so longer differences
     * are rounded to the minute.
     */
    static String difference(Duration totaraAhead) {
        long seconds = totaraAhead.abs().toSeconds();
        String size;
        if (seconds < 120) {
            size = seconds + " s";
        } else {
            long minutes = Math.round(seconds / 60.0);
            size = "about " + (minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min");
        }
        return size + (totaraAhead.isNegative() ? " behind" : " ahead of");
    }

    private static String shown(URI url) {
        if (url == null) {
            return "";
        }
        return Setting.TOTARA_URL.shown(url.toString());
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var entries = Files.list(folder)) {
            for (Path p : entries.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a leftover empty temporary folder is harmless
        }
    }
}
