package io.mlservice.diagnostics;

import io.mlservice.diagnostics.ConnectionCheck.Finding;
import io.mlservice.diagnostics.ConnectionCheck.Target;
import io.mlservice.totara.ExportFetchException;
import io.mlservice.totara.FetchResult;
import io.mlservice.totara.TotaraClient;
import io.mlservice.totara.TotaraFailure;
import io.mlservice.totara.TotaraStatus;
import io.mlservice.totara.TotaraToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * This service → Totara: Totara's status query, its clock, then a signed request for {@code tenants.csv}, the way
 * the service fetches its export. What failed is decided from the client's {@link TotaraStatus#failure() kind} and
 * HTTP statuses; {@link FindingTexts} says it in the administrator's words.
 */
final class TotaraProbe {
    private static final long LARGEST_TENANTS_FILE = 16L * 1024 * 1024;

    /** The finding, and Totara's clock minus ours when Totara told its time. */
    record TotaraSide(Finding finding, Duration totaraAhead) {
    }

    private final Clock clock;
    private final Duration timeout;

    TotaraProbe(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    TotaraSide check(Target target) throws InterruptedException {
        TotaraClient client;
        try {
            client = new TotaraClient(target.totaraUrl(), target.key(), target.trustStore(),
                    target.trustStorePassword(), timeout, clock);
        } catch (IllegalArgumentException e) {
            return new TotaraSide(FindingTexts.badUrl(target.totaraUrl()), null);
        } catch (IOException e) {
            return new TotaraSide(FindingTexts.trustStore(e.getMessage()), null);
        }
        TotaraStatus status = client.status();
        if (!status.ok()) {
            return new TotaraSide(statusProblem(status.problem(), client.url()), null);
        }
        Duration totaraAhead = client.serverTime()
                .map(theirs -> Duration.between(clock.instant(), theirs))
                .orElse(null);
        return new TotaraSide(export(client, totaraAhead), totaraAhead);
    }

    static Finding statusProblem(TotaraStatus.Problem problem, URI url) {
        return switch (problem.kind()) {
            case NAME_NOT_FOUND -> FindingTexts.unknownHost(url);
            case UNREACHABLE -> FindingTexts.refused(url);
            case TIMED_OUT -> FindingTexts.timedOut(url);
            case TLS -> FindingTexts.tls(url, problem.detail());
            case REDIRECTED -> FindingTexts.redirected(url, problem.httpStatus());
            case HTTP_ERROR -> FindingTexts.statusAnsweredWith(url, problem.httpStatus());
            case NOT_TOTARA -> problem.httpStatus() == 404
                    ? FindingTexts.noStatusPage(url)
                    : FindingTexts.notTotara(url);
            default -> FindingTexts.notTotara(url);
        };
    }

    private Finding export(TotaraClient client, Duration totaraAhead) throws InterruptedException {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("ml-connection-test");
            Path file = folder.resolve("tenants.csv");
            FetchResult tenants = client.fetch("tenants.csv", file, LARGEST_TENANTS_FILE);
            return exportAnswer(tenants.status(), file, client.url(), totaraAhead);
        } catch (ExportFetchException e) {
            return FindingTexts.exportFailed(e.getMessage());
        } catch (IOException e) {
            return FindingTexts.answerNotKept(e.getMessage());
        } finally {
            deleteQuietly(folder);
        }
    }

    private static Finding exportAnswer(int code, Path file, URI url, Duration totaraAhead) {
        if (code == 200 || code == 204) {
            return FindingTexts.ready(url, code == 204 ? "one site without tenants" : tenantCount(file));
        }
        return switch (TotaraFailure.ofExportAnswer(code)) {
            case EXPORT_NOT_READY -> FindingTexts.exportNotReady();
            case WRONG_KEY_OR_CLOCK -> clocksApart(totaraAhead)
                    ? FindingTexts.clockSkew(totaraAhead)
                    : FindingTexts.wrongKey(code, totaraAhead != null);
            default -> FindingTexts.exportAnsweredWith(code);
        };
    }

    /** Whether Totara's time, when it told it, is outside (or at the edge of) the signature's window. */
    private static boolean clocksApart(Duration totaraAhead) {
        return totaraAhead != null && Math.abs(totaraAhead.toSeconds()) >= TotaraToken.WINDOW_SECONDS - 1;
    }

    private static String tenantCount(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            long tenants = lines.skip(1).filter(l -> !l.isBlank()).count();
            return tenants == 1 ? "1 tenant" : tenants + " tenants";
        } catch (IOException | UncheckedIOException e) {
            return "tenants listed";
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a leftover empty temporary folder is harmless
        }
    }
}
