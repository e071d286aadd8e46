package io.mlservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's certificate from PEM files or a PKCS12 key store: read with the JDK alone, the older key forms
 * included; every file that cannot serve is named with its setting and why, at start and in the console's check.
 */
class TlsFilesTest {
    @TempDir
    static Path certificates;
    @TempDir
    Path folder;

    private static TestCertificate ec;
    private static TestCertificate rsa;

    @BeforeAll
    static void makeCertificates() {
        ec = TestCertificate.create(certificates, "ec.example", "EC");
        rsa = TestCertificate.create(certificates, "rsa.example", "RSA");
    }

    @Test
    void aPemCertificateAndItsPkcs8KeyServe() throws Exception {
        for (TestCertificate c : new TestCertificate[] {ec, rsa}) {
            Path cert = folder.resolve(c.name() + ".crt");
            Path key = folder.resolve(c.name() + ".key");
            c.writePem(cert, key);

            ServerCertificate read = TlsFiles.pem(cert, key).read();

            assertThat(read.certificate()).isEqualTo(c.certificate());
            assertThat(read.toString()).startsWith("CN=" + c.name() + ", valid until ")
                    .doesNotContain(Arrays.toString(c.key().getEncoded()));
            assertThat(read.keyStore("pw".toCharArray()).getKey("api", "pw".toCharArray()))
                    .isEqualTo(c.key());
        }
    }

    @Test
    void theOlderRsaAndEcKeyFormsAreReadToo() throws Exception {
        Path rsaCert = folder.resolve("rsa.crt");
        Path ecCert = folder.resolve("ec.crt");
        rsa.writePem(rsaCert, folder.resolve("unused-rsa.key"));
        ec.writePem(ecCert, folder.resolve("unused-ec.key"));
        Path pkcs1 = Files.writeString(folder.resolve("rsa.key"),
                TestCertificate.pem("RSA PRIVATE KEY", pkcs1((RSAPrivateCrtKey) rsa.key())));
        Path sec1 = Files.writeString(folder.resolve("ec.key"),
                TestCertificate.pem("EC PRIVATE KEY", sec1((ECPrivateKey) ec.key())));

        assertThat(TlsFiles.pem(rsaCert, pkcs1).read().certificate()).isEqualTo(rsa.certificate());
        assertThat(TlsFiles.pem(ecCert, sec1).read().certificate()).isEqualTo(ec.certificate());
    }

    @Test
    void aPkcs12KeyStoreServes() throws Exception {
        ServerCertificate read = TlsFiles.keyStore(ec.keyStore(), Secret.of(TestCertificate.PASSWORD)).read();

        assertThat(read.certificate()).isEqualTo(ec.certificate());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
        Path cert = folder.resolve("ec.crt");
        Path key = folder.resolve("rsa.key");
        ec.writePem(cert, folder.resolve("ec.key"));
        rsa.writePem(folder.resolve("rsa.crt"), key);

        assertThatThrownBy(() -> TlsFiles.pem(cert, key).read())
                .isInstanceOf(TlsFileException.class)
                .hasMessage("ML_TLS_KEY=" + key + " is not the private key of the first certificate in ML_TLS_CERT="
                        + cert + " (the server's own certificate must come first, then its issuers)");
    }

    @Test
    void filesThatHoldSomethingElseSayWhatTheyHoldAndWhatToDo() throws Exception {
        Path cert = folder.resolve("ec.crt");
        Path key = folder.resolve("ec.key");
        ec.writePem(cert, key);
        Path empty = Files.writeString(folder.resolve("empty.pem"), "nothing here\n");
        Path encrypted = Files.writeString(folder.resolve("encrypted.key"),
                TestCertificate.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        Path dsa = Files.writeString(folder.resolve("dsa.key"),
                TestCertificate.pem("DSA PRIVATE KEY", new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> TlsFiles.pem(empty, key).read()).hasMessage("ML_TLS_CERT=" + empty
                + " holds no certificate: expected PEM blocks beginning with -----BEGIN CERTIFICATE-----");
        assertThatThrownBy(() -> TlsFiles.pem(cert, empty).read()).hasMessage("ML_TLS_KEY=" + empty
                + " holds no private key: expected a PEM block beginning with -----BEGIN PRIVATE KEY-----");
        assertThatThrownBy(() -> TlsFiles.pem(cert, encrypted).read())
                .hasMessageStartingWith("ML_TLS_KEY=" + encrypted + " holds an encrypted private key")
                .hasMessageEndingWith("convert it with openssl pkcs8 -topk8 -nocrypt -in <key file>"
                        + " -out <new key file>");
        assertThatThrownBy(() -> TlsFiles.pem(cert, dsa).read())
                .hasMessageStartingWith("ML_TLS_KEY=" + dsa + " holds a \"DSA PRIVATE KEY\"")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aWrongKeyStorePasswordIsSaidWithoutShowingIt() {
        assertThatThrownBy(() -> TlsFiles.keyStore(ec.keyStore(), Secret.of("guessed-password-17")).read())
                .isInstanceOf(TlsFileException.class)
                .hasMessage("ML_TLS_KEYSTORE=" + ec.keyStore()
                        + " cannot be opened: the password (ML_TLS_KEYSTORE_PASSWORD) is wrong")
                .satisfies(e -> assertThat(((TlsFileException) e).setting()).isEqualTo(Setting.TLS_KEYSTORE));
    }

    @Test
    void theSettingsAcceptAPemPairOrAKeyStore() throws Exception {
        Path cert = folder.resolve("ec.crt");
        Path key = folder.resolve("ec.key");
        ec.writePem(cert, key);

        ServiceSettings pem = SettingsLoader.resolve(Map.of("ML_TLS_CERT", cert.toString(), "ML_TLS_KEY",
                key.toString()));
        ServiceSettings store = SettingsLoader.resolve(Map.of("ML_TLS_KEYSTORE", ec.keyStore().toString(),
                "ML_TLS_KEYSTORE_PASSWORD", TestCertificate.PASSWORD));

        assertThat(pem.tls()).contains(TlsFiles.pem(cert, key));
        assertThat(store.tls()).contains(TlsFiles.keyStore(ec.keyStore(), Secret.of(TestCertificate.PASSWORD)));
        assertThat(store.toString()).doesNotContain(TestCertificate.PASSWORD);
        assertThat(ServiceSettings.defaults().tls()).isEmpty();
    }

    @Test
    void theSettingsNameEachTlsProblemWithItsSettingAndFile() throws Exception {
        Path cert = folder.resolve("ec.crt");
        Path key = folder.resolve("ec.key");
        ec.writePem(cert, key);
        Path broken = Files.writeString(folder.resolve("broken.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");
        Path missing = folder.resolve("missing.pem");

        assertThat(problems(Map.of("ML_TLS_CERT", cert.toString()))).containsExactly(
                "ML_TLS_KEY: ML_TLS_CERT=" + cert + " (environment) is set but ML_TLS_KEY is not: set both, the"
                        + " certificate chain and its private key, or neither");
        assertThat(problems(Map.of("ML_TLS_CERT", cert.toString(), "ML_TLS_KEY", broken.toString())))
                .containsExactly("ML_TLS_KEY: ML_TLS_KEY=" + broken + " (environment) holds a private key that"
                        + " cannot be read: not an RSA, EC or EdDSA key in PKCS#8 form");
        assertThat(problems(Map.of("ML_TLS_CERT", missing.toString(), "ML_TLS_KEY", key.toString())))
                .containsExactly("ML_TLS_CERT: ML_TLS_CERT=" + missing + " (environment) is not an existing file ("
                        + missing.toAbsolutePath() + ")");
        assertThat(problems(Map.of("ML_TLS_CERT", cert.toString(), "ML_TLS_KEY", key.toString(),
                "ML_TLS_KEYSTORE", ec.keyStore().toString()))).containsExactly("ML_TLS_KEYSTORE: ML_TLS_KEYSTORE="
                + ec.keyStore() + " (environment) is set as well as ML_TLS_CERT: use either the PEM files or the"
                + " key store");
        assertThat(problems(Map.of("ML_TLS_KEYSTORE_PASSWORD", "secret-83"))).containsExactly(
                "ML_TLS_KEYSTORE_PASSWORD: ML_TLS_KEYSTORE_PASSWORD (environment) is set but ML_TLS_KEYSTORE is"
                        + " not: set it to the key store file the password opens");
        assertThat(problems(Map.of("ML_TLS_KEYSTORE", ec.keyStore().toString(), "ML_TLS_KEYSTORE_PASSWORD",
                "wrong-password-29"))).containsExactly("ML_TLS_KEYSTORE: ML_TLS_KEYSTORE=" + ec.keyStore()
                + " (environment) cannot be opened: the password (ML_TLS_KEYSTORE_PASSWORD) is wrong");
    }

    /** The problems a start with these environment values reports, as {@code setting: text}. */
    private List<String> problems(Map<String, String> environment) throws IOException {
        Map<String, String> values = new HashMap<>(environment);
        values.put("ML_TOTARA_KEY", "a-key-long-enough-1");
        values.put(SettingsFile.VARIABLE, folder.resolve("settings.properties").toString());
        Files.deleteIfExists(folder.resolve("settings.properties"));
        Files.createFile(folder.resolve("settings.properties"));
        try {
            SettingsLoader.load(Map.of(), values);
        } catch (ConfigException e) {
            return e.problems().stream().map(p -> p.setting() + ": " + p.text()).toList();
        }
        return List.of();
    }

    /** PKCS#1's RSAPrivateKey, as {@code openssl rsa -traditional} writes it. */
    private static byte[] pkcs1(RSAPrivateCrtKey k) {
        return sequence(integer(BigInteger.ZERO), integer(k.getModulus()), integer(k.getPublicExponent()),
                integer(k.getPrivateExponent()), integer(k.getPrimeP()), integer(k.getPrimeQ()),
                integer(k.getPrimeExponentP()), integer(k.getPrimeExponentQ()), integer(k.getCrtCoefficient()));
    }

    /** SEC 1's ECPrivateKey on P-256 with its named curve, as {@code openssl ec} writes it. */
    private static byte[] sec1(ECPrivateKey k) {
        byte[] scalar = new byte[32];
        byte[] s = k.getS().toByteArray();
        int copy = Math.min(s.length, 32);
        System.arraycopy(s, s.length - copy, scalar, 32 - copy, copy);
        byte[] prime256v1 = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
        return sequence(integer(BigInteger.ONE), tlv(0x04, scalar), tlv(0xA0, prime256v1));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else if (content.length < 0x100) {
            out.write(0x81);
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >>> 8);
            out.write(content.length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
