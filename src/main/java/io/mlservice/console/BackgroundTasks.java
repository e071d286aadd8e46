package io.mlservice.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A page's blocking work: run on the console's background pool, its result or failure published on the ui executor
 * (the JavaFX thread; {@code Runnable::run} in tests). Work refused because the console is quitting is dropped here,
 * once for every page; after {@link #close()} nothing more is published. A task may belong to a {@link Latest}, so
 * that only the newest task's result is published (a newer edit, refresh or selection supersedes the older one).
 */
public final class BackgroundTasks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

    private final Executor ui;
    private final Executor background;
    private volatile boolean closed;

    /**
     * @param ui         where results are published
     * @param background where the work runs (the console's pool; shut down when the console quits)
     */
    public BackgroundTasks(Executor ui, Executor background) {
        this.ui = ui;
        this.background = background;
    }

    /** Blocking work that produces a value. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /** Blocking work without a value. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** A task to configure and {@link Task#start() start}. */
    public <T> Task<T> task(Work<T> work) {
        return new Task<>(work);
    }

    /** A task without a value to configure and start. */
    public Task<Void> task(Action action) {
        return new Task<>(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Runs work in the background and publishes nothing (its failures are logged).
     *
     * @return false when the console is quitting and the work will not run
     */
    public boolean run(Action action) {
        return task(action).start();
    }

    /** Runs an update on the ui executor, unless these tasks were closed. */
    public void publish(Runnable update) {
        if (!closed) {
            ui.execute(() -> {
                if (!closed) {
                    update.run();
                }
            });
        }
    }

    /** Publishes nothing more: the page is gone. */
    @Override
    public void close() {
        closed = true;
    }

    /** Runs on the background pool; false when the console is quitting. */
    private boolean submit(Runnable work) {
        if (closed) {
            return false;
        }
        try {
            background.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            // the console is quitting: the pool no longer takes work, and nothing would be shown anyway
            return false;
        }
    }

    /**
     * Only the newest of a series of tasks publishes: starting a task, or {@link #supersede()}, makes the results of
     * those started before it stale.
     */
    public static final class Latest {
        private final AtomicLong generation = new AtomicLong();

        long next() {
            return generation.incrementAndGet();
        }

        boolean current(long id) {
            return generation.get() == id;
        }

        /** Drops the results of the tasks running now (e.g. the page left what they were for). */
        public void supersede() {
            generation.incrementAndGet();
        }
    }

    /** One piece of background work and what to do with its outcome on the ui executor. */
    public final class Task<T> {
        private final Work<T> work;
        private Consumer<? super T> onSuccess = value -> { };
        private Consumer<? super Exception> onFailure =
                e -> LOG.warn("Background work of the console failed: {}", e.toString());
        private Latest latest;

        private Task(Work<T> work) {
            this.work = work;
        }

        /** Receives the result on the ui executor. */
        public Task<T> onSuccess(Consumer<? super T> then) {
            this.onSuccess = Objects.requireNonNull(then);
            return this;
        }

        /** Receives what the work threw on the ui executor (by default it is logged). */
        public Task<T> onFailure(Consumer<? super Exception> then) {
            this.onFailure = Objects.requireNonNull(then);
            return this;
        }

        /** Publishes only while no newer task of {@code series} started. */
        public Task<T> latestOf(Latest series) {
            this.latest = series;
            return this;
        }

        /**
         * Starts the work.
         *
         * @return false when the console is quitting and the work will not run
         */
        public boolean start() {
            long id = latest == null ? 0 : latest.next();
            return submit(() -> execute(id));
        }

        /**
         * Starts the work once {@code delay} has passed without a newer task of its {@link Latest} series (the
         * pages' debounce: each keystroke starts a task, only the last one runs); at once for zero.
         *
         * @return false when the console is quitting and the work will not run
         */
        public boolean startAfter(Duration delay) {
            if (delay.isZero()) {
                return start();
            }
            long id = latest == null ? 0 : latest.next();
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                if (current(id)) {
                    submit(() -> execute(id));
                }
            });
            return !closed;
        }

        private void execute(long id) {
            if (!current(id)) {
                return;
            }
            T value;
            try {
                value = work.call();
            } catch (Exception e) {
                publishIfCurrent(id, () -> onFailure.accept(e));
                return;
            }
            publishIfCurrent(id, () -> onSuccess.accept(value));
        }

        private boolean current(long id) {
            return latest == null || latest.current(id);
        }

        private void publishIfCurrent(long id, Runnable update) {
            if (current(id)) {
                publish(() -> {
                    if (current(id)) {
                        update.run();
                    }
                });
            }
        }
    }
}
