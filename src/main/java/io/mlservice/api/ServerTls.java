package io.mlservice.api;

import io.mlservice.config.ServerCertificate;
import io.mlservice.config.TlsFileException;
import io.mlservice.config.TlsFiles;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * HTTPS for the API: Jetty's {@link SslContextFactory.Server} holding the configured certificate, TLS 1.2 and 1.3
 * only (older versions are refused as versions, whatever the JVM's policy allows), with Jetty's default cipher
 * suites (no RSA key exchange, no MD5 or SHA-1 MACs, no null or anonymous suites), and the certificate swapped
 * when its files change.
 *
 * <p>The files' contents are compared every {@link #CHECK_EVERY}; a change is acted on once it has held still for
 * one check, since a renewal writes the certificate and the key one after the other. The new files are read and
 * checked before anything is swapped, so a broken or half-written file keeps the old certificate serving, with a
 * warning. (Jetty's own {@code KeyStoreScanner} unloads the serving certificate before it finds the new file
 * broken; and it watches key stores only, not PEM files.)
 */
final class ServerTls extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Protects the key inside the key store built in memory, which never leaves this process. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private final TlsFiles files;
    private final Scheduler scheduler;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private KeyStore serving;
    private Fingerprint served;
    private Fingerprint seen;
    private Fingerprint tried;
    private volatile Scheduler.Task next;

    /**
     * Reads the certificate at once, so that one which cannot serve stops the start.
     *
     * @param scheduler runs the checks for changed files (the server's, started before this)
     * @throws TlsFileException naming the setting, the file and the reason
     */
    ServerTls(TlsFiles files, Scheduler scheduler) throws TlsFileException {
        this.files = files;
        this.scheduler = scheduler;
        Fingerprint now = Fingerprint.of(files.files());
        ServerCertificate certificate = files.read();
        serving = keyStore(certificate);
        served = now;
        seen = now;
        tried = now;
        factory.setIncludeProtocols(PROTOCOLS);
        factory.setKeyStorePassword(String.valueOf(IN_MEMORY));
        factory.setKeyStore(serving);
        LOG.info("The API serves HTTPS with the certificate {}", certificate);
    }

    /** What Jetty's TLS connection factory takes. */
    SslContextFactory.Server factory() {
        return factory;
    }

    @Override
    protected void doStart() {
        scheduleCheck();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    /** Swaps in a changed certificate once its files have held still for one check; a broken one is only warned of. */
    synchronized void check() {
        Fingerprint now = Fingerprint.of(files.files());
        boolean settled = now.equals(seen);
        seen = now;
        if (!settled || now.equals(served) || now.equals(tried)) {
            return;
        }
        tried = now;
        try {
            ServerCertificate certificate = files.read();
            KeyStore renewed = keyStore(certificate);
            swapTo(renewed);
            serving = renewed;
            served = now;
            LOG.info("The API now serves the renewed TLS certificate {}", certificate);
        } catch (TlsFileException e) {
            LOG.warn("The TLS certificate files changed but cannot serve: {}; the previous certificate keeps"
                    + " serving", e.getMessage());
        }
    }

    private void swapTo(KeyStore renewed) throws TlsFileException {
        try {
            factory.reload(f -> f.setKeyStore(renewed));
        } catch (Exception e) {
            // Jetty has dropped the old context by now: put it back
            try {
                factory.reload(f -> f.setKeyStore(serving));
            } catch (Exception again) {
                e.addSuppressed(again);
            }
            throw new TlsFileException(files, "could not be loaded by the TLS library (" + e.getMessage() + ")", e);
        }
    }

    private void scheduleCheck() {
        next = scheduler.schedule(() -> {
            try {
                check();
            } finally {
                if (isRunning()) {
                    scheduleCheck();
                }
            }
        }, CHECK_EVERY);
    }

    private KeyStore keyStore(ServerCertificate certificate) throws TlsFileException {
        try {
            return certificate.keyStore(IN_MEMORY);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(files, "holds a key the TLS library does not take (" + e.getMessage() + ")",
                    e);
        }
    }

    /** What the files hold, to notice a change whatever their times say (a copy that kept its time, a new link). */
    private record Fingerprint(List<String> files) {
        static Fingerprint of(List<Path> paths) {
            List<String> each = new ArrayList<>();
            for (Path path : paths) {
                try {
                    each.add(HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(path))));
                } catch (IOException e) {
                    each.add("unreadable: " + e);
                }
            }
            return new Fingerprint(each);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }
}
