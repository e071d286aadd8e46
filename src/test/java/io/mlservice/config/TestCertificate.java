package io.mlservice.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made by the JDK's keytool as a PKCS12 key
 * store; its key and certificate are written as PEM by the key store API, so no openssl is needed.
 *
 * @param keyStore the PKCS12 file, opened by {@link #PASSWORD}
 */
public record TestCertificate(String name, X509Certificate certificate, PrivateKey key, Path keyStore) {
    public static final String PASSWORD = "test-store-password";
    private static final String ALIAS = "api";

    /** Makes one in the folder as {@code <name>.p12}: an EC (P-256) or RSA (2048-bit) key. */
    public static TestCertificate create(Path folder, String name, String keyAlgorithm) {
        Path store = folder.resolve(name + ".p12");
        List<String> algorithm = keyAlgorithm.equals("EC") ? List.of("-keyalg", "EC", "-groupname", "secp256r1")
                : List.of("-keyalg", "RSA", "-keysize", "2048");
        keytool(concat(List.of("-genkeypair", "-alias", ALIAS), algorithm, List.of("-validity", "2", "-dname",
                "CN=" + name, "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)));
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            return new TestCertificate(name, (X509Certificate) keys.getCertificate(ALIAS),
                    (PrivateKey) keys.getKey(ALIAS, PASSWORD.toCharArray()), store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the test key store", e);
        }
    }

    /** Writes the certificate and the (PKCS#8) key as PEM files. */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        try {
            Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    }

    /** A TLS client context that trusts these certificates only. */
    public static SSLContext trusting(TestCertificate... certificates) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (TestCertificate c : certificates) {
                trust.setCertificateEntry(c.name(), c.certificate());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** Runs the JDK's keytool, in a quick-starting JVM for a one-second job. */
    private static void keytool(List<String> arguments) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = concat(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1",
                "-J-XX:+UseSerialGC"), arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
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

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
