package io.mlservice.totara;

import io.mlservice.config.Secret;
import io.mlservice.config.Setting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A trust store file ({@code ML_TRUST_STORE}) as the TLS context that trusts exactly its certificates: it replaces
 * the JVM's trusted authorities, it does not add to them. Every problem is an {@link IOException} naming the file,
 * never the password.
 */
final class TrustStore {

    private TrustStore() {
    }

    /** A TLS context trusting only the certificates of the PKCS12 or JKS file. */
    static SSLContext trusting(Path trustStore, Secret password) throws IOException {
        KeyStore store = load(trustStore, password);
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

    private static KeyStore load(Path file, Secret password) throws IOException {
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
        String reason = FailureChain.has(first, UnrecoverableKeyException.class)
                ? "the password (" + Setting.TRUST_STORE_PASSWORD.variable() + ") is wrong"
                : "it is not a PKCS12 or JKS trust store, or the password (" + Setting.TRUST_STORE_PASSWORD.variable()
                        + ") is wrong";
        throw new IOException("Could not open the trust store " + file + ": " + reason, first);
    }
}
