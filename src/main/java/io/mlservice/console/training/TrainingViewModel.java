package io.mlservice.console.training;

import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Formats;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.history.CycleRow;
import io.mlservice.history.CycleTrigger;
import io.mlservice.history.EpochRow;
import io.mlservice.model.EpochStats;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingPhase;
import io.mlservice.service.CycleResult;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Training page's state and logic: "Train now" and Cancel, and the three parts it composes: the {@link LiveCycle}
 * as the service reports it, the {@link LearningCurves} of the live or a past cycle, and the {@link CycleHistory}
 * with its drill-down. Service events arrive on service threads and are applied on the UI executor in order,
 * epochs at most ten times a second; history queries run in the background. Everything observable is changed and
 * read on the UI executor.
 */
public final class TrainingViewModel implements AutoCloseable {
    /** Epochs are published at most this often. */
    static final Duration PUBLISH_INTERVAL = Duration.ofMillis(100);

    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final Clock clock;
    private final EventBatcher<CycleEvent> events;
    private final ServiceListener listener = new Listener();
    private final LiveCycle live;
    private final LearningCurves curves;
    private final CycleHistory history;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final BooleanBinding canTrain;
    private final BooleanBinding canCancel;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");

    public TrainingViewModel(ConsoleContext context) {
        this.service = context.service();
        this.tasks = context.tasks();
        this.clock = context.clock();
        this.live = new LiveCycle(clock);
        this.curves = new LearningCurves(clock);
        this.history = new CycleHistory(tasks);
        this.events = new EventBatcher<>(tasks::publish, this::apply, PUBLISH_INTERVAL);
        this.canTrain = running.and(live.trainingProperty().not());
        this.canCancel = running.and(live.trainingProperty()).and(live.cancellingProperty().not());
        status.set(statusText(Optional.empty()));
        service.addListener(listener);
        service.onStarted(started -> tasks.publish(this::serviceStarted));
        if (service.running()) {
            tasks.publish(this::serviceStarted);
        }
    }

    // ---- what the view binds to

    /** Whether the service runs (it may be starting, restarting or stopped). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** "Train now" is possible: the service runs and no cycle does. */
    public BooleanBinding canTrainProperty() {
        return canTrain;
    }

    /** "Cancel" is possible: a cycle runs and was not asked to stop yet. */
    public BooleanBinding canCancelProperty() {
        return canCancel;
    }

    /** One line about the service's training: running, idle until when, or not running. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What came of the last button pressed, e.g. that a cycle already runs; "" when nothing to say. */
    public ReadOnlyStringProperty feedbackProperty() {
        return feedback.getReadOnlyProperty();
    }

    public LiveCycle live() {
        return live;
    }

    public LearningCurves curves() {
        return curves;
    }

    public CycleHistory history() {
        return history;
    }

    // ---- actions (on the UI executor)

    /** Starts a cycle now, in the background; the curves go back to following the live cycle. */
    public void trainNow() {
        Optional<RunningService> current = service.current();
        if (current.isEmpty()) {
            feedback.set("The service is not running.");
            return;
        }
        showLive();
        feedback.set("Starting a training cycle…");
        tasks.task(current.get()::trainNow)
                .onSuccess(started -> feedback.set(started ? "" : "A training cycle is already running."))
                .start();
    }

    /** Asks the running cycle to stop; tenants already swapped in keep their new models. */
    public void cancel() {
        Optional<RunningService> current = service.current();
        if (current.isEmpty() || !live.training()) {
            return;
        }
        live.cancelRequested();
        feedback.set("Cancelling: the cycle stops at the next epoch.");
        updateStatus();
        tasks.run(current.get()::cancelTraining);
    }

    /**
     * Drills down into a past cycle: its tenants, fetches and learning curves, read in the background. The cycle
     * that is running now keeps its live curves.
     */
    public void select(CycleRow cycle) {
        Optional<RunningService> current = service.current();
        if (cycle == null || history.isSelected(cycle) || current.isEmpty()) {
            return;
        }
        if (cycle.id() == live.cycleId() && live.training()) {
            followLive();
        } else {
            curves.showPast(cycle);
        }
        history.select(cycle, current.get(), details -> curves.pastRead(details.epochs(), details.tenants()),
                curves::pastFailed);
    }

    /** Leaves the drill-down: the curves follow the live cycle again. */
    public void showLive() {
        history.clearSelection();
        followLive();
    }

    /** Reads the recent cycles again, in the background. */
    public void refreshHistory() {
        history.refresh(service.current(), this::select);
    }

    /** Brings the status line up to date ("next training in 12 min" goes stale). */
    public void updateStatus() {
        status.set(statusText(service.current()));
    }

    /** Stops listening to the service; nothing more is published. */
    @Override
    public void close() {
        tasks.close();
        service.removeListener(listener);
    }

    /** The service events this view model listens to (tests feed it directly). */
    ServiceListener listener() {
        return listener;
    }

    // ---- applying what happened

    private void serviceStarted() {
        Optional<RunningService> current = service.current();
        running.set(current.isPresent());
        live.serviceTraining(current.map(RunningService::training).orElse(false));
        updateStatus();
        refreshHistory();
    }

    private void followLive() {
        curves.followLive(live.title(), live.tenantNames(), live.currentTenant());
    }

    private void apply(List<CycleEvent> batch) {
        boolean epochs = false;
        for (CycleEvent e : batch) {
            if (!(e instanceof CycleEvent.Epoch) && epochs) {
                curves.publishLive();
                epochs = false;
            }
            if (!(e instanceof CycleEvent.Started) && live.join(e.cycleId())) {
                curves.newLiveCycle(live.title(), false);
                updateStatus();
            }
            if (e instanceof CycleEvent.Started s) {
                cycleStarted(s);
            } else if (e instanceof CycleEvent.Phase p) {
                if (live.phase(p)) {
                    curves.tenantStarted(p.tenant());
                }
            } else if (e instanceof CycleEvent.Epoch epoch) {
                live.epoch(epoch);
                curves.addLive(epoch.row());
                epochs = true;
            } else if (e instanceof CycleEvent.TenantDone t) {
                live.tenantFinished(t.result());
            } else if (e instanceof CycleEvent.Finished f) {
                cycleFinished(f.result());
            }
        }
        if (epochs) {
            curves.publishLive();
        }
    }

    private void cycleStarted(CycleEvent.Started s) {
        live.started(s);
        curves.newLiveCycle(live.title(), true);
        updateStatus();
        refreshHistory();
    }

    private void cycleFinished(CycleResult r) {
        live.finished(r);
        if (feedback.get().startsWith("Cancelling")) {
            feedback.set("");
        }
        updateStatus();
        refreshHistory();
    }

    private String statusText(Optional<RunningService> current) {
        if (current.isEmpty()) {
            return "The service is not running: training starts once it does.";
        }
        if (live.training()) {
            return live.cancelling() ? "Cancelling the training…"
                    : live.title().isEmpty() ? "Training…" : "Training: " + live.title() + ".";
        }
        return current.get().nextTraining()
                .map(t -> "Idle. Next training " + Formats.dateTime(t, clock) + " ("
                        + Formats.relative(t, clock) + ").")
                .orElse("Idle. No training is scheduled.");
    }

    /** Called on the service's threads: only queues. */
    private final class Listener implements ServiceListener {
        @Override
        public void cycleStarted(long cycleId, CycleTrigger trigger) {
            List<String> known = service.current()
                    .map(s -> s.models().tenants().keySet().stream().sorted().toList())
                    .orElse(List.of());
            events.addNow(new CycleEvent.Started(cycleId, trigger, clock.instant(), known));
        }

        @Override
        public void phase(long cycleId, String tenant, TrainingPhase phase) {
            events.addNow(new CycleEvent.Phase(cycleId, tenant, phase, clock.instant()));
        }

        @Override
        public void epoch(long cycleId, String tenant, int candidate, HyperParameters hp, EpochStats stats,
                          Metrics heldOut, double fraction) {
            events.add(new CycleEvent.Epoch(cycleId, EpochRow.of(tenant, candidate, hp, stats, heldOut), fraction,
                    clock.instant()));
        }

        @Override
        public void tenantFinished(long cycleId, TenantResult result) {
            events.addNow(new CycleEvent.TenantDone(cycleId, result));
        }

        @Override
        public void cycleFinished(CycleResult result) {
            events.addNow(new CycleEvent.Finished(result));
        }
    }
}
