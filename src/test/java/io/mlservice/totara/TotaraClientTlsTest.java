package io.mlservice.totara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlservice.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates are always verified; a trust store replaces the JVM's authorities for a self-signed Totara. */
class TotaraClientTlsTest {
    private static final String KEY = "tls-key-0c44d7";
    private static final Secret TRUST_PASSWORD = Secret.of(FakeTotara.TRUST_STORE_PASSWORD);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path work;
    @TempDir
    Path downloads;
    private static Path export;
    private static FakeTotara totara;

    @BeforeAll
    static void startTotara() throws IOException {
        export = Files.createDirectories(work.resolve("export"));
        ExportFolder.writeTenant(export);
        totara = FakeTotara.https(export, KEY, work);
    }

    @AfterAll
    static void stopTotara() {
        totara.close();
    }

    @Test
    void aPkcs12TrustStoreLetsTheClientTalkToASelfSignedTotara() throws Exception {
        TotaraClient client = new TotaraClient(totara.url(), Secret.of(KEY), totara.trustStore(), TRUST_PASSWORD,
                TIMEOUT, Clock.systemUTC());

        TotaraStatus status = client.status();
        FetchResult result = client.fetch("item_data_0.csv", downloads.resolve("item_data_0.csv"), 1 << 20);

        assertThat(totara.url().getScheme()).isEqualTo("https");
        assertThat(status.ok()).as(status.error()).isTrue();
        assertThat(result.status()).isEqualTo(200);
        assertThat(Files.mismatch(downloads.resolve("item_data_0.csv"), export.resolve("item_data_0.csv")))
                .isEqualTo(-1);
    }

    @Test
    void aJksTrustStoreIsRecognisedToo() throws Exception {
        Path jks = copyAs("JKS", work.resolve("trust.jks"), "jks-password");

        TotaraClient client = new TotaraClient(totara.url(), Secret.of(KEY), jks, Secret.of("jks-password"),
                TIMEOUT, Clock.systemUTC());

        assertThat(client.fetch("user_data_0.csv", downloads.resolve("user_data_0.csv"), 1 << 20).status())
                .isEqualTo(200);
    }

    @Test
    void withoutTheTrustStoreTheCertificateIsRefused() throws IOException {
        TotaraClient client = new TotaraClient(totara.url(), Secret.of(KEY), null, null, TIMEOUT,
                Clock.systemUTC());

        ExportFetchException e = catchThrowableOfType(ExportFetchException.class,
                () -> client.fetch("tenants.csv", downloads.resolve("tenants.csv"), 1 << 20));

        assertThat(e.retryable()).isFalse();
        assertThat(e.kind()).isEqualTo(TotaraFailure.TLS);
        assertThat(e.getMessage()).startsWith("TLS with Totara at " + totara.url()
                + "/pluginfile.php/1/ml_recommender/export/tenants.csv failed: ").contains("ML_TRUST_STORE");
        TotaraStatus status = client.status();
        assertThat(status.error()).startsWith("Unable to communicate with Totara: TLS failed");
        assertThat(status.failure()).isEqualTo(TotaraFailure.TLS);
        assertThat(status.error()).endsWith("TLS failed (" + status.problem().detail() + ")");
        assertThat(downloads.resolve("tenants.csv")).doesNotExist();
    }

    @Test
    void aWrongPasswordNamesTheFileAndNeverThePassword() {
        assertThatThrownBy(() -> new TotaraClient(totara.url(), Secret.of(KEY), totara.trustStore(),
                Secret.of("guessed-password-81"), TIMEOUT, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessage("Could not open the trust store " + totara.trustStore()
                        + ": the password (ML_TRUST_STORE_PASSWORD) is wrong")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain("guessed-password-81"));
    }

    @Test
    void aFileThatIsNoTrustStoreIsNamed() throws IOException {
        Path garbage = Files.writeString(work.resolve("not-a-store.p12"), "-----BEGIN CERTIFICATE-----\nnope\n");
        Path missing = work.resolve("missing.p12");

        assertThatThrownBy(() -> new TotaraClient(totara.url(), Secret.of(KEY), garbage, TRUST_PASSWORD, TIMEOUT,
                Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Could not open the trust store " + garbage + ": it is not a PKCS12 or JKS");
        assertThatThrownBy(() -> new TotaraClient(totara.url(), Secret.of(KEY), missing, TRUST_PASSWORD, TIMEOUT,
                Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessage("The trust store " + missing + " (ML_TRUST_STORE) does not exist or is not a file");
    }

    @Test
    void anEmptyTrustStoreIsRefused() throws Exception {
        Path empty = work.resolve("empty.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(empty)) {
            store.store(out, "pw".toCharArray());
        }

        assertThatThrownBy(() -> new TotaraClient(totara.url(), Secret.of(KEY), empty, Secret.of("pw"), TIMEOUT,
                Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessage("The trust store " + empty + " (ML_TRUST_STORE) holds no certificates");
    }

    private static Path copyAs(String type, Path target, String password) throws Exception {
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(totara.trustStore())) {
            source.load(in, FakeTotara.TRUST_STORE_PASSWORD.toCharArray());
        }
        KeyStore copy = KeyStore.getInstance(type);
        copy.load(null, null);
        String alias = source.aliases().nextElement();
        copy.setCertificateEntry(alias, source.getCertificate(alias));
        try (OutputStream out = Files.newOutputStream(target)) {
            copy.store(out, password.toCharArray());
        }
        return target;
    }

    private static String stackText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
