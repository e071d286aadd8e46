package io.mlservice.console.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands events from service threads to the UI thread in order and in batches: an event that must not wait
 * publishes at once (with everything queued before it); frequent events publish at most once per interval, so
 * hundreds of epochs a second cost the UI thread ten updates.
 */
final class EventBatcher<E> {
    private final ConcurrentLinkedQueue<E> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor ui;
    private final Consumer<List<E>> apply;
    private final long intervalNanos;
    private volatile long lastPublished;

    /**
     * @param ui       runs the batches (the JavaFX thread; the same executor in order)
     * @param apply    receives each non-empty batch, oldest event first
     * @param interval least time between two publications of frequent events
     */
    EventBatcher(Executor ui, Consumer<List<E>> apply, Duration interval) {
        this.ui = ui;
        this.apply = apply;
        this.intervalNanos = interval.toNanos();
        this.lastPublished = System.nanoTime() - intervalNanos;
    }

    /** Queues a frequent event; it is published within one interval. */
    void add(E event) {
        pending.add(event);
        if (scheduled.compareAndSet(false, true)) {
            long wait = lastPublished + intervalNanos - System.nanoTime();
            if (wait <= 0) {
                ui.execute(this::publish);
            } else {
                CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, ui).execute(this::publish);
            }
        }
    }

    /** Queues an event that must not wait and publishes it now, with everything queued before it. */
    void addNow(E event) {
        pending.add(event);
        ui.execute(this::publish);
    }

    /** Drains and applies under one lock, so two threads publishing at once cannot reorder batches. */
    private synchronized void publish() {
        scheduled.set(false);
        List<E> batch = new ArrayList<>();
        for (E e = pending.poll(); e != null; e = pending.poll()) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            lastPublished = System.nanoTime();
            apply.accept(batch);
        }
    }
}
