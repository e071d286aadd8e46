package io.mlservice.diagnostics;

import io.mlservice.config.BindAddress;
import io.mlservice.config.Secret;
import io.mlservice.diagnostics.ConnectionCheck.Finding;
import io.mlservice.diagnostics.ConnectionCheck.Kind;
import io.mlservice.diagnostics.ConnectionCheck.Level;
import io.mlservice.diagnostics.ConnectionCheck.Target;
import io.mlservice.totara.FakeTotara;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Totara side of "test connection" against a real HTTP fake of Totara: each failure in its own words. */
class ConnectionCheckTest {
    private static final String KEY = "totara-shared-key-1234";

    @TempDir
    Path export;
    private FakeTotara totara;
    private final ConnectionCheck check = new ConnectionCheck(Clock.systemUTC(), Duration.ofSeconds(3));

    @BeforeEach
    void startTotara() throws IOException {
        Files.writeString(export.resolve("tenants.csv"), "tenants\n0\n7\n");
        totara = FakeTotara.serving(export, KEY);
    }

    @AfterEach
    void stopTotara() {
        totara.close();
    }

    @Test
    void theRightKeyFindsTheExportReady() throws Exception {
        Finding found = towardsTotara(check, totara.url(), KEY);

        assertThat(found.kind()).isEqualTo(Kind.TOTARA_READY);
        assertThat(found.level()).isEqualTo(Level.OK);
        assertThat(found.text()).contains("accepted the key").contains("2 tenants");
        assertThat(totara.served()).extracting(FakeTotara.Served::file).contains("tenants.csv");
    }

    @Test
    void aSiteWithoutTenantsIsReadyToo() throws Exception {
        Files.delete(export.resolve("tenants.csv"));

        assertThat(towardsTotara(check, totara.url(), KEY).text()).contains("one site without tenants");
    }

    @Test
    void anExportStillBeingWrittenIsAWarningNotAFailure() throws Exception {
        totara.answer("tenants.csv", 202);

        Finding found = towardsTotara(check, totara.url(), KEY);

        assertThat(found.kind()).isEqualTo(Kind.EXPORT_NOT_READY);
        assertThat(found.level()).isEqualTo(Level.WARNING);
        assertThat(found.text()).contains("not ready yet").contains("202");
    }

    @Test
    void aWrongKeyIsNamedAsSuchWithWhereTheRightOneIs() throws Exception {
        Finding found = towardsTotara(check, totara.url(), "not-the-key");

        assertThat(found.kind()).isEqualTo(Kind.WRONG_KEY);
        assertThat(found.text()).contains("refused the key").contains("$CFG->ml_service_key")
                .doesNotContain("not-the-key").doesNotContain(KEY);
    }

    @Test
    void a401IsAWrongKeyToo() throws Exception {
        totara.failAll(401);

        assertThat(towardsTotara(check, totara.url(), KEY).kind()).isEqualTo(Kind.WRONG_KEY);
    }

    @Test
    void clocksApartAreToldFromAWrongKeyByTotarasDateHeader() throws Exception {
        ConnectionCheck fast = new ConnectionCheck(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)),
                Duration.ofSeconds(3));

        Finding found = towardsTotara(fast, totara.url(), KEY);

        assertThat(found.kind()).isEqualTo(Kind.CLOCK_SKEW);
        assertThat(found.text()).startsWith("The clocks were not in sync").contains("behind").contains("min");
    }

    @Test
    void aUrlThatIsNotTotarasWebRootIsA404() throws Exception {
        Finding found = towardsTotara(check, URI.create(totara.url() + "/login"), KEY);

        assertThat(found.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(found.text()).contains("404").contains("web root");
    }

    @Test
    void somethingElseAnsweringIsNotTotara() throws Exception {
        totara.statusReplies(200, "<html>Log in</html>");

        assertThat(towardsTotara(check, totara.url(), KEY).kind()).isEqualTo(Kind.NOT_TOTARA);
    }

    @Test
    void aServerErrorOnTheStatusQueryIsNamedWithItsStatus() throws Exception {
        totara.statusReplies(503, FakeTotara.STATUS_OK);

        Finding found = towardsTotara(check, totara.url(), KEY);

        assertThat(found.kind()).isEqualTo(Kind.NOT_TOTARA);
        assertThat(found.text()).contains("answered its status query with HTTP 503").endsWith("try again later.");
    }

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Finding found = towardsTotara(check, URI.create("http://127.0.0.1:" + closed), KEY);

        assertThat(found.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(found.text()).contains("connection was refused");
    }

    @Test
    void aNameThatDoesNotResolveIsADnsProblem() throws Exception {
        Finding found = towardsTotara(check, URI.create("https://no-such-host.invalid"), KEY);

        assertThat(found.kind()).isEqualTo(Kind.UNKNOWN_HOST);
        assertThat(found.text()).contains("no-such-host.invalid").contains("DNS");
    }

    @Test
    void anUntrustedCertificateIsATlsProblemThatATrustStoreSolves(@TempDir Path work) throws Exception {
        try (FakeTotara secure = FakeTotara.https(export, KEY, work)) {
            Finding untrusted = check.towardsTotara(new Target(secure.url(), Secret.of(KEY), null, null)).finding();
            Finding trusted = check.towardsTotara(new Target(secure.url(), Secret.of(KEY), secure.trustStore(),
                    Secret.of(FakeTotara.TRUST_STORE_PASSWORD))).finding();

            assertThat(untrusted.kind()).isEqualTo(Kind.TLS);
            assertThat(untrusted.text()).contains("trust store").startsWith("The secure connection to "
                    + secure.url() + " failed (");
            assertThat(trusted.kind()).isEqualTo(Kind.TOTARA_READY);
        }
    }

    @Test
    void withoutARunningServiceTotaraHasNothingToReach() throws Exception {
        ConnectionCheck.Report report = check.run(new Target(totara.url(), Secret.of(KEY), null, null), null);

        assertThat(report.towards(ConnectionCheck.Direction.TO_TOTARA)).extracting(Finding::kind)
                .containsExactly(Kind.TOTARA_READY);
        assertThat(report.towards(ConnectionCheck.Direction.TO_SERVICE)).extracting(Finding::kind)
                .containsExactly(Kind.SERVICE_NOT_RUNNING);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void loopbackAddressesAreForThisComputerOnly() {
        assertThat(ServiceAddress.loopbackOnly(BindAddress.parse("127.0.0.1:5000"))).isTrue();
        assertThat(ServiceAddress.loopbackOnly(BindAddress.parse("[::1]:5000"))).isTrue();
        assertThat(ServiceAddress.loopbackOnly(BindAddress.parse("localhost:5000"))).isTrue();
        assertThat(ServiceAddress.loopbackOnly(BindAddress.parse("*:5000"))).isFalse();
        assertThat(ServiceAddress.loopbackOnly(BindAddress.parse("10.1.2.3:5000"))).isFalse();
        assertThat(ServiceAddress.urlForTotara(BindAddress.parse("10.1.2.3:5000"), 5000))
                .isEqualTo("http://10.1.2.3:5000");
        assertThat(ServiceAddress.urlForTotara(BindAddress.parse("127.0.0.1:0"), 41234))
                .isEqualTo("http://localhost:41234");
    }

    @Test
    void clockDifferencesReadNaturally() {
        assertThat(FindingTexts.difference(Duration.ofSeconds(-303))).isEqualTo("about 5 min behind");
        assertThat(FindingTexts.difference(Duration.ofSeconds(179))).isEqualTo("about 3 min ahead of");
        assertThat(FindingTexts.difference(Duration.ofSeconds(40))).isEqualTo("40 s ahead of");
        assertThat(FindingTexts.difference(Duration.ofMinutes(125))).isEqualTo("about 2 h 5 min ahead of");
    }

    private static Finding towardsTotara(ConnectionCheck check, URI url, String key) throws InterruptedException {
        return check.towardsTotara(new Target(url, Secret.of(key), null, null)).finding();
    }
}
