package io.mlservice.totara;

import io.mlservice.config.Secret;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Totara's HTTP side as the service sees it: the GraphQL status check ({@link StatusQuery}) and the signed download
 * of export files ({@link ExportFileDownload}) over one {@link TotaraConnection}. Every request carries the
 * contract's signature ({@link TotaraToken}) and {@code User-Agent: TotaraBot/1.0}. Certificates are always
 * verified: against the JVM's trusted authorities, or, when a trust store is given, against that trust store only
 * (it replaces the default authorities, it does not add to them). Nothing this class says (exceptions,
 * {@link TotaraStatus}) contains the key or the trust store password.
 */
public final class TotaraClient {
    /** A sensible request timeout for the status check; Totara itself gives the health check 2 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final TotaraConnection connection;
    private final StatusQuery status;
    private final ExportFileDownload download;

    /**
     * @param totaraUrl          Totara's web root, {@code http} or {@code https}
     * @param key                the shared key ({@code $CFG->ml_service_key})
     * @param trustStore         a PKCS12 or JKS trust store holding Totara's certificate or its authority; null for
     *                           the JVM's trusted authorities
     * @param trustStorePassword the trust store's password; null when it has none
     * @param requestTimeout     how long to wait for Totara's answer, and, while downloading, for the next bytes
     * @param clock              the time the signature carries
     * @throws IOException when the trust store cannot be read; the message names the file
     */
    public TotaraClient(URI totaraUrl, Secret key, Path trustStore, Secret trustStorePassword,
                        Duration requestTimeout, Clock clock) throws IOException {
        this.connection = new TotaraConnection(totaraUrl, key, trustStore, trustStorePassword, requestTimeout, clock);
        this.status = new StatusQuery(connection);
        this.download = new ExportFileDownload(connection);
    }

    /** Totara's web root, without a trailing slash. */
    public URI url() {
        return connection.webRoot();
    }

    /** Whether a name is one Totara exports (and so one this client will ask for). */
    public static boolean isExportFile(String fileName) {
        return ExportFileDownload.isExportFile(fileName);
    }

    /**
     * Asks Totara's GraphQL status endpoint whether it is up. Never throws: every failure becomes a
     * {@link TotaraStatus#error()} worded the way Totara recognises. Bounded by the request timeout.
     */
    public TotaraStatus status() {
        return status.status();
    }

    /**
     * Totara's clock as the {@code Date} header of its answer to the status query says (whole seconds); empty when
     * no answer came or it carried no such header. Totara answers a request signed at the wrong time with a bare
     * 404, the same as a wrong key, so comparing clocks is how the connection test tells the two apart.
     */
    public Optional<Instant> serverTime() {
        return status.serverTime();
    }

    /**
     * Downloads one export file. On HTTP 200 the body is streamed to {@code target} + ".part" and moved onto
     * {@code target} once complete, so a partial download never looks complete; any other status writes nothing.
     *
     * @param fileName {@code tenants.csv} or {@code (user_interactions|user_data|item_data)_<tenant>.csv}
     * @param maxBytes the largest body accepted
     * @throws ExportFetchException     when no answer came (refused, unknown host, timeout, TLS) or the body is
     *                                  larger than {@code maxBytes}
     * @throws IOException              when the file cannot be written
     * @throws IllegalArgumentException for a name Totara does not export
     */
    public FetchResult fetch(String fileName, Path target, long maxBytes) throws IOException, InterruptedException {
        return download.fetch(fileName, target, maxBytes);
    }

    /** The connection the requests go over (shared by {@link ExportFreshness}). */
    TotaraConnection connection() {
        return connection;
    }

    /** The address of one export file. */
    URI exportUri(String fileName) {
        return download.uriOf(fileName);
    }
}
