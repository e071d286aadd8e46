package io.mlservice.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Watches that the window stays responsive: five times a second a no-op is handed to the JavaFX thread and the
 * wait until it runs is measured. A wait over half a second is logged as a warning (it means something blocked
 * the window); the longest wait is kept for the log at quit.
 */
final class Responsiveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Responsiveness.class);
    static final long WARN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long PERIOD_MILLIS = 200;

    private final Executor ui;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();

    Responsiveness(Executor ui, LongSupplier nanoTime) {
        this.ui = ui;
        this.nanoTime = nanoTime;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-responsiveness");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        timer.scheduleWithFixedDelay(this::probe, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Hands one no-op to the JavaFX thread unless the previous one is still waiting. */
    void probe() {
        if (!waiting.compareAndSet(false, true)) {
            return;
        }
        long sent = nanoTime.getAsLong();
        ui.execute(() -> ran(nanoTime.getAsLong() - sent));
    }

    void ran(long waitedNanos) {
        waiting.set(false);
        samples.incrementAndGet();
        longest.accumulateAndGet(waitedNanos, Math::max);
        if (waitedNanos > WARN_NANOS) {
            LOG.warn("The console's window did not respond for {} ms", TimeUnit.NANOSECONDS.toMillis(waitedNanos));
        }
    }

    /** The longest wait seen, in milliseconds. */
    long longestMillis() {
        return TimeUnit.NANOSECONDS.toMillis(longest.get());
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        LOG.info("The console's window answered {} checks; the longest wait was {} ms", samples(), longestMillis());
    }
}
