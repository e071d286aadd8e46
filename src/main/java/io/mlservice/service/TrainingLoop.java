package io.mlservice.service;

import io.mlservice.config.ServiceSettings;
import io.mlservice.history.CycleOutcome;
import io.mlservice.service.TrainingSchedule.Due;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The training thread: runs each cycle when the {@link TrainingSchedule} says it is due, one at a time, records it
 * through the {@link CycleRunner} and plans the next, a retry along the ladder when it failed. Nothing that goes
 * wrong in a cycle ends the loop.
 */
final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final TrainingSchedule schedule;
    private final Supplier<ServiceSettings> settings;
    private final ServiceListeners listeners;
    private final Clock clock;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final AtomicBoolean training = new AtomicBoolean();
    private final Object timerLock = new Object();

    private ServiceThread thread;
    private ScheduledFuture<?> pending;
    private CycleRunner cycles;
    private volatile boolean stopping;

    TrainingLoop(TrainingSchedule schedule, Supplier<ServiceSettings> settings, ServiceListeners listeners,
                 Clock clock) {
        this.schedule = schedule;
        this.settings = settings;
        this.listeners = listeners;
        this.clock = clock;
    }

    /** Starts the training thread, which will run cycles with {@code runner}; {@link #plan} sets the first. */
    void start(CycleRunner runner) {
        cycles = runner;
        thread = new ServiceThread("training");
    }

    /** Whether a cycle is running. */
    boolean training() {
        return training.get();
    }

    /** Asks the running cycle to stop; tenants already swapped in keep their new models. */
    void cancel() {
        if (training.get()) {
            cancelRequested.set(true);
        }
    }

    /** Starts a cycle now unless one is running or the loop stops; false then. */
    boolean trainNow() {
        if (training.get() || stopping) {
            return false;
        }
        plan(schedule.now());
        return true;
    }

    /** No cycle runs, and none is due now (one planned for now is as good as started). */
    boolean idle() {
        return !training.get() && !stopping
                && schedule.nextDue().map(due -> due.isAfter(clock.instant())).orElse(false);
    }

    /** A check found a newer export: a cycle now, unless one started meanwhile. */
    void trainNewExport() {
        synchronized (timerLock) {
            if (idle()) {
                plan(schedule.exportChanged());
            }
        }
    }

    /** Sets the training thread's timer for this cycle, in place of any cycle planned before. */
    void plan(Due due) {
        synchronized (timerLock) {
            if (stopping) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            schedule.planned(due);
            pending = thread.after(Duration.between(clock.instant(), due.at()), () -> runCycle(due));
        }
    }

    /** No new cycle starts from now on, and a running one is asked to stop. */
    void stopPlanning() {
        stopping = true;
        cancelRequested.set(true);
        synchronized (timerLock) {
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    /** Waits up to {@code wait} for a running cycle to end, and ends the thread (after {@link #stopPlanning}). */
    void awaitStop(Duration wait) {
        if (thread != null) {
            thread.stop(wait);
        }
    }

    /**
     * Runs the due cycle and plans the next. Nothing that goes wrong here may end the schedule: whatever escapes
     * the cycle and its recording is logged and a retry is planned along the ladder.
     */
    private void runCycle(Due due) {
        if (stopping || !training.compareAndSet(false, true)) {
            return;
        }
        try {
            cancelRequested.set(false);
            schedule.cycleStarted();
            ServiceSettings s = settings.get();
            CycleResult result;
            try {
                result = cycles.run(due.trigger(), s, cancelRequested::get);
            } finally {
                training.set(false);
            }
            finish(stopping ? result.stoppedWithTheService() : result, s);
        } catch (Throwable e) {
            training.set(false);
            LOG.error("The training schedule met an unexpected error ({}); planning a retry", e, e);
            if (!stopping) {
                plan(schedule.afterCycle(clock.instant(), true));
            }
        }
    }

    /** Records the cycle with its successor, plans that, and only then tells the listeners. */
    private void finish(CycleResult result, ServiceSettings s) {
        Due next = stopping ? null : schedule.afterCycle(result.finished(), result.outcome() == CycleOutcome.FAILED);
        CycleResult done = result.withNextDue(next == null ? null : next.at());
        cycles.record(done, s.algorithm());
        schedule.cycleEnded(done.finished());
        if (next != null) {
            plan(next);
        }
        try {
            listeners.cycleFinished(done);
        } catch (RuntimeException | Error e) {
            LOG.error("A listener failed on the end of training cycle {}", done.id(), e);
        }
    }
}
