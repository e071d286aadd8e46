package io.mlservice.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One named daemon thread for the service's timed work (the training thread, the housekeeping thread): tasks run
 * one at a time, and stopping interrupts the running one and waits for it.
 */
final class ServiceThread {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceThread.class);

    private final ScheduledExecutorService executor;

    /** @param name the thread is called {@code ml-<name>} */
    ServiceThread(String name) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ml-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the task once after the delay (at once for a delay of zero or less). */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        return executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Runs the task after {@code first}, then every {@code period}. */
    void every(Duration first, Duration period, Runnable task) {
        executor.scheduleAtFixedRate(task, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs nothing more, interrupts the running task and waits at most {@code wait} for it to end. */
    void stop(Duration wait) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("A background task did not stop within {} s", wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
