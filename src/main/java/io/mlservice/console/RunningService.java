package io.mlservice.console;

import io.mlservice.api.ApiMetrics;
import io.mlservice.api.ServiceStatus;
import io.mlservice.config.ServiceSettings;
import io.mlservice.history.ApiMinuteRow;
import io.mlservice.history.CycleRow;
import io.mlservice.history.EpochRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.TenantResultRow;
import io.mlservice.diagnostics.ConnectionCheck;
import io.mlservice.service.MlService;
import io.mlservice.serving.ModelRegistry;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One running service as the pages see it: what they show (the history's rows, the served models, the settings in
 * force, the schedule, the API's traffic) and the two things they may do (train now, cancel). Obtained from
 * {@link ServiceAccess#current()}, so a page never holds a service that is not running. The history queries block:
 * call them through {@link BackgroundTasks}; they throw a {@link RuntimeException} once the service stopped (its
 * history is closed). Two of these are equal when they stand for the same start of the service.
 */
public final class RunningService {
    private final MlService service;

    RunningService(MlService service) {
        this.service = service;
    }

    // ---- the history

    /** The newest cycles first, the running one too. */
    public List<CycleRow> recentCycles(int limit) {
        return service.history().recentCycles(limit);
    }

    public Optional<CycleRow> lastFinishedCycle() {
        return service.history().lastFinishedCycle();
    }

    public List<TenantResultRow> tenantResults(long cycleId) {
        return service.history().tenantResults(cycleId);
    }

    /** The cycle's export fetches (none for a folder export). */
    public List<FetchRow> fetches(long cycleId) {
        return service.history().fetches(cycleId);
    }

    /** Every epoch of the cycle, of all its tenants, in order. */
    public List<EpochRow> cycleEpochs(long cycleId) {
        return service.history().cycleEpochs(cycleId);
    }

    /** The API's recorded minutes in {@code [from, to)}. */
    public List<ApiMinuteRow> apiMinutes(Instant from, Instant to) {
        return service.history().apiMinutes(from, to);
    }

    // ---- what serves and how

    /** The served tenants now (one volatile read). */
    public ModelRegistry.Snapshot models() {
        return service.registry().snapshot();
    }

    public ServiceSettings settings() {
        return service.settings();
    }

    /** The API's minutes since the history last recorded them. */
    public ApiMetrics.Live liveTraffic(Instant now) {
        return service.metrics().live(now);
    }

    /** What the home page shows: the export source, the last training, Totara's status (which blocks). */
    public ServiceStatus status() {
        return service.status();
    }

    /** Where the API listens; throws while settings move it to another address. */
    public URI baseUri() {
        return service.baseUri();
    }

    public int port() {
        return service.port();
    }

    /** The API as "test connection" reaches it. */
    public ConnectionCheck.ServiceEndpoint endpoint() {
        ServiceSettings s = service.settings();
        return new ConnectionCheck.ServiceEndpoint(service.baseUri(), s.bind().withPort(service.port()),
                s.totaraKey());
    }

    // ---- training

    public boolean training() {
        return service.training();
    }

    public Optional<Instant> nextTraining() {
        return service.nextTraining();
    }

    /** Starts a cycle now (blocks briefly); false when one runs already. */
    public boolean trainNow() {
        return service.trainNow();
    }

    /** Asks the running cycle to stop at its next epoch. */
    public void cancelTraining() {
        service.cancelTraining();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunningService other && other.service == service;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(service);
    }
}
