package io.mlservice.service.export;

import io.mlservice.config.ServiceSettings;
import io.mlservice.totara.ExportDownloader;
import io.mlservice.totara.ExportLimits;
import io.mlservice.totara.ExportFreshness;
import io.mlservice.totara.TotaraClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pulls the export from Totara over signed HTTP into a staging folder next to the models; the cycle trains only
 * from a folder whose every file arrived complete.
 */
final class TotaraExportSource implements ExportSource {
    /** Under the models folder: downloads in progress and the last two complete exports. */
    static final String STAGING = "exports";
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);
    /** A check is one small answer; a Totara that takes longer is tried again at the next check. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceSettings settings;
    private final List<Duration> retryDelays;
    private final Clock clock;

    TotaraExportSource(ServiceSettings settings, List<Duration> retryDelays, Clock clock) {
        this.settings = settings;
        this.retryDelays = retryDelays;
        this.clock = clock;
    }

    @Override
    public String describe() {
        return settings.totaraUrl().toString();
    }

    @Override
    public String origin() {
        String url = settings.totaraUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Path obtain(FetchJournal fetches) throws IOException, InterruptedException {
        ExportDownloader downloader = new ExportDownloader(client(DOWNLOAD_TIMEOUT), settings.maxDownloadBytes(),
                ExportLimits.of(settings), retryDelays.toArray(Duration[]::new), ExportDownloader.Sleeper.REAL);
        return downloader.download(settings.modelsDir().resolve(STAGING), fetches::fetched);
    }

    @Override
    public Optional<Instant> newerThan(Instant than) throws IOException, InterruptedException {
        return new ExportFreshness(client(CHECK_TIMEOUT)).newerThan(than);
    }

    private TotaraClient client(Duration timeout) throws IOException {
        return new TotaraClient(settings.totaraUrl(), settings.totaraKey(), settings.trustStore(),
                settings.trustStorePassword(), timeout, clock);
    }
}
