package io.mlservice.config;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The API's TLS identity as read from {@link TlsFiles}: a private key and its certificate chain, the key's own
 * certificate first, checked to belong together. {@link #toString()} describes the certificate, never the key.
 */
public final class ServerCertificate {
    private static final String ALIAS = "api";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    ServerCertificate(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** The certificate clients are shown, the first of the chain. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** A key store in memory holding the key (under this password) and the chain, as TLS libraries take them. */
    public KeyStore keyStore(char[] password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
        return store;
    }

    /** E.g. {@code CN=ml.example.org, valid until 2026-03-01}. */
    @Override
    public String toString() {
        return certificate().getSubjectX500Principal().getName() + ", valid until "
                + DAY.format(certificate().getNotAfter().toInstant());
    }
}
