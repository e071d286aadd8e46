package io.mlservice.service;

import io.mlservice.history.CycleTrigger;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingPhase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listeners told of each event in the order they were added, themselves one listener: the service's own, and
 * whoever relays a service's events to listeners that outlive it. Listeners may come and go while a cycle runs
 * (the console's pages do).
 */
public final class ServiceListeners implements ServiceListener {
    private final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();

    public void add(ServiceListener listener) {
        listeners.add(listener);
    }

    public void remove(ServiceListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void cycleStarted(long cycleId, CycleTrigger trigger) {
        listeners.forEach(l -> l.cycleStarted(cycleId, trigger));
    }

    @Override
    public void phase(long cycleId, String tenant, TrainingPhase phase) {
        listeners.forEach(l -> l.phase(cycleId, tenant, phase));
    }

    @Override
    public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                      Metrics heldOut, double fraction) {
        listeners.forEach(l -> l.epoch(cycleId, tenant, candidate, hp, stats, heldOut, fraction));
    }

    @Override
    public void exportFetched(long cycleId, String file, int httpStatus, long bytes, long millis) {
        listeners.forEach(l -> l.exportFetched(cycleId, file, httpStatus, bytes, millis));
    }

    @Override
    public void tenantFinished(long cycleId, TenantResult result) {
        listeners.forEach(l -> l.tenantFinished(cycleId, result));
    }

    @Override
    public void cycleFinished(CycleResult result) {
        listeners.forEach(l -> l.cycleFinished(result));
    }

    @Override
    public void exportChecked(boolean newer) {
        listeners.forEach(l -> l.exportChecked(newer));
    }
}
