package io.mlservice.service;

import io.mlservice.config.Setting;
import io.mlservice.service.export.ExportSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Checks cheaply, every {@code ML_EXPORT_POLL_MINUTES}, whether the export is newer than the last cycle's, and starts
 * a cycle when it is: besides the interval, so that a site's nightly export is trained within minutes. A check
 * changes nothing but that; one that fails is logged at most once an hour, and the schedule goes on as before.
 */
final class ExportWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ExportWatch.class);

    /** While checks are off, how soon to look whether the settings turned them on. */
    static final Duration WHILE_OFF = Duration.ofMinutes(1);
    /** A check that keeps failing is logged once in this time. */
    static final Duration FAILURE_LOG_GAP = Duration.ofHours(1);

    /** What one check did. */
    enum Check {
        /** Off, no export known to compare with, or a cycle running or due: nothing asked. */
        SKIPPED,
        UNCHANGED,
        /** A newer export: a cycle was started for it. */
        STARTED,
        /** The answer could not be had. */
        FAILED
    }

    private final Supplier<Duration> interval;
    private final Supplier<ExportSource> source;
    private final Supplier<Optional<Instant>> lastExport;
    private final BooleanSupplier idle;
    private final Runnable startCycle;
    private final ServiceListener listeners;
    private final Clock clock;
    private ServiceThread thread;
    private Instant startedFor;
    private Instant failureLogged;

    /**
     * @param interval   between checks; zero when they are off
     * @param lastExport the time of the export the newest cycle obtained
     * @param idle       no cycle runs or is due now
     * @param startCycle starts a cycle for the newer export
     */
    ExportWatch(Supplier<Duration> interval, Supplier<ExportSource> source, Supplier<Optional<Instant>> lastExport,
                BooleanSupplier idle, Runnable startCycle, ServiceListener listeners, Clock clock) {
        this.interval = interval;
        this.source = source;
        this.lastExport = lastExport;
        this.idle = idle;
        this.startCycle = startCycle;
        this.listeners = listeners;
        this.clock = clock;
    }

    /** Checks one interval from now, and so on until {@link #stop}. */
    synchronized void start() {
        thread = new ServiceThread("export-check");
        next();
    }

    void stop(Duration wait) {
        ServiceThread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        if (running != null) {
            running.stop(wait);
        }
    }

    /**
     * Asks whether the export is newer than both the last cycle's and the last one a check started a cycle for:
     * when such a cycle could not obtain it (a failed download), the retries of the schedule take it on, not every
     * further check.
     */
    Check check() {
        Optional<Instant> known = lastExport.get();
        if (interval.get().isZero() || known.isEmpty() || !idle.getAsBoolean()) {
            return Check.SKIPPED;
        }
        Instant than = startedFor != null && startedFor.isAfter(known.get()) ? startedFor : known.get();
        Optional<Instant> newer;
        try {
            newer = source.get().newerThan(than);
        } catch (IOException | RuntimeException e) {
            failed(e);
            return Check.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.SKIPPED;
        }
        answered();
        listeners.exportChecked(newer.isPresent());
        if (newer.isEmpty() || !idle.getAsBoolean()) {
            return Check.UNCHANGED;
        }
        startedFor = newer.get();
        LOG.info("A new export ({}) is there: training it now", newer.get());
        startCycle.run();
        return Check.STARTED;
    }

    private void failed(Exception e) {
        Instant now = clock.instant();
        if (failureLogged == null || !now.isBefore(failureLogged.plus(FAILURE_LOG_GAP))) {
            failureLogged = now;
            LOG.warn("Could not check for a new export: {}. The schedule goes on; this is said again in an hour at"
                    + " most ({} sets how often it is checked)", e.getMessage(), Setting.EXPORT_POLL_MINUTES.variable());
        }
    }

    private void answered() {
        if (failureLogged != null) {
            failureLogged = null;
            LOG.info("Checking for a new export works again");
        }
    }

    private void tick() {
        try {
            check();
        } catch (RuntimeException | Error e) {
            LOG.error("The check for a new export failed unexpectedly", e);
        } finally {
            next();
        }
    }

    private synchronized void next() {
        if (thread == null) {
            return;
        }
        Duration wait = interval.get();
        thread.after(wait.isZero() ? WHILE_OFF : wait, this::tick);
    }
}
