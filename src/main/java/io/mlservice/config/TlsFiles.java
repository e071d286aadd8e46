package io.mlservice.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Where the API's TLS certificate comes from: PEM files ({@code ML_TLS_CERT} and {@code ML_TLS_KEY}) or a PKCS12
 * key store ({@code ML_TLS_KEYSTORE}, {@code ML_TLS_KEYSTORE_PASSWORD}). Read by the settings checks, when the API
 * starts, and again whenever the files change.
 *
 * @param certificate      the PEM certificate chain; null for a key store
 * @param privateKey       the PEM private key; null for a key store
 * @param keyStore         the PKCS12 key store; null for PEM files
 * @param keyStorePassword the key store's password; null when it has none
 */
public record TlsFiles(Path certificate, Path privateKey, Path keyStore, Secret keyStorePassword) {
    private static final byte[] PROBE = "does this key belong to this certificate".getBytes(StandardCharsets.UTF_8);

    public static TlsFiles pem(Path certificate, Path privateKey) {
        return new TlsFiles(certificate, privateKey, null, null);
    }

    public static TlsFiles keyStore(Path keyStore, Secret password) {
        return new TlsFiles(null, null, keyStore, password);
    }

    /** The files to watch for a renewed certificate. */
    public List<Path> files() {
        return keyStore != null ? List.of(keyStore) : List.of(certificate, privateKey);
    }

    /**
     * Reads the key and its certificate chain and checks that they belong together.
     *
     * @throws TlsFileException naming the setting and the file that cannot serve, and why
     */
    public ServerCertificate read() throws TlsFileException {
        return keyStore != null ? readKeyStore() : readPem();
    }

    private ServerCertificate readPem() throws TlsFileException {
        List<X509Certificate> chain = pemPart(Setting.TLS_CERT, certificate, () -> PemFiles.certificates(certificate));
        PrivateKey key = pemPart(Setting.TLS_KEY, privateKey, () -> PemFiles.privateKey(privateKey));
        if (!belongTogether(key, chain.get(0))) {
            throw new TlsFileException(Setting.TLS_KEY, privateKey, "is not the private key of the first"
                    + " certificate in " + Setting.TLS_CERT.variable() + "=" + certificate + " (the server's own"
                    + " certificate must come first, then its issuers)", null);
        }
        return new ServerCertificate(key, chain);
    }

    private ServerCertificate readKeyStore() throws TlsFileException {
        char[] password = keyStorePassword == null ? new char[0] : keyStorePassword.reveal().toCharArray();
        try {
            KeyStore store = openKeyStore(password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return keyEntry(store, alias, password);
                }
            }
            throw new TlsFileException(Setting.TLS_KEYSTORE, keyStore, "holds no private key with its"
                    + " certificate", null);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(Setting.TLS_KEYSTORE, keyStore, "cannot be read (" + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private KeyStore openKeyStore(char[] password) throws TlsFileException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            String reason = e.getCause() instanceof UnrecoverableKeyException
                    ? "cannot be opened: the password (" + Setting.TLS_KEYSTORE_PASSWORD.variable() + ") is wrong"
                    : "is not a PKCS12 key store, or the password (" + Setting.TLS_KEYSTORE_PASSWORD.variable()
                            + ") is wrong";
            throw new TlsFileException(Setting.TLS_KEYSTORE, keyStore, reason, e);
        }
    }

    private ServerCertificate keyEntry(KeyStore store, String alias, char[] password)
            throws TlsFileException, GeneralSecurityException {
        Key key;
        try {
            key = store.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw new TlsFileException(Setting.TLS_KEYSTORE, keyStore, "holds a private key that "
                    + Setting.TLS_KEYSTORE_PASSWORD.variable() + " does not open", e);
        }
        Certificate[] chain = store.getCertificateChain(alias);
        List<X509Certificate> x509 = new ArrayList<>();
        for (Certificate c : chain == null ? new Certificate[0] : chain) {
            if (c instanceof X509Certificate certificate) {
                x509.add(certificate);
            }
        }
        if (!(key instanceof PrivateKey privateKey) || x509.isEmpty()) {
            throw new TlsFileException(Setting.TLS_KEYSTORE, keyStore, "holds no private key with its"
                    + " certificate", null);
        }
        return new ServerCertificate(privateKey, x509);
    }

    /**
     * Whether the key signs what the certificate's public key verifies. Keys whose signature needs parameters
     * (RSASSA-PSS) are left to the TLS handshake.
     */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(PROBE);
            byte[] signed = signature.sign();
            signature.initVerify(certificate.getPublicKey());
            signature.update(PROBE);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static <T> T pemPart(Setting setting, Path file, PemRead<T> read) throws TlsFileException {
        try {
            return read.read();
        } catch (IllegalArgumentException e) {
            throw new TlsFileException(setting, file, e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsFileException(setting, file, "cannot be read: " + FailureReason.of(e), e);
        }
    }

    @FunctionalInterface
    private interface PemRead<T> {
        T read() throws IOException;
    }
}
