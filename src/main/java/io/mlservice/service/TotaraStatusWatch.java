package io.mlservice.service;

import io.mlservice.config.Secret;
import io.mlservice.config.ServiceSettings;
import io.mlservice.totara.TotaraClient;
import io.mlservice.totara.TotaraFailure;
import io.mlservice.totara.TotaraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Totara's status, asked on a thread of its own and shared: one question at a time whoever asks (every concurrent
 * health check waits on the same one), an answer reused for {@value #FRESH_SECONDS} seconds, one HTTP client for as
 * long as the Totara settings stay the same. A caller waits a bounded time and otherwise gets the last known status,
 * or "still checking": a hanging Totara never holds a request thread for the client's whole timeout.
 */
final class TotaraStatusWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TotaraStatusWatch.class);
    static final int FRESH_SECONDS = 5;
    private static final Duration FRESH = Duration.ofSeconds(FRESH_SECONDS);
    /** The status query's own timeout. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The Totara settings a status belongs to: another URL, key or trust store is another Totara to ask. */
    private record Target(URI url, Secret key, Path trustStore, Secret trustStorePassword) {
        static Optional<Target> of(ServiceSettings s) {
            if (s.totaraUrl() == null || s.totaraKey() == null) {
                return Optional.empty();
            }
            return Optional.of(new Target(s.totaraUrl(), s.totaraKey(), s.trustStore(), s.trustStorePassword()));
        }
    }

    private record Known(Target target, TotaraStatus status, Instant at) {
    }

    private final Supplier<ServiceSettings> settings;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ml-totara-status");
        t.setDaemon(true);
        return t;
    });
    private Known last;
    private CompletableFuture<TotaraStatus> asking;
    private Target askingFor;
    private long askedNanos;
    private TotaraClient client;
    private Target clientFor;

    TotaraStatusWatch(Supplier<ServiceSettings> settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Totara's status, waiting for a fresh one at most until {@code wait} after the question out was asked: a
     * status at most {@value #FRESH_SECONDS} s old, else the answer to the one question out (asked now if none is),
     * else the last known status of the same Totara, else "still checking". Empty without a Totara URL and key.
     */
    Optional<TotaraStatus> status(Duration wait) {
        return status(wait, true);
    }

    /**
     * Totara's status from a question asked now (or the one out already), for someone who asked to check (the
     * console): no reuse of an earlier answer, waiting at most {@code wait}.
     */
    Optional<TotaraStatus> freshStatus(Duration wait) {
        return status(wait, false);
    }

    private Optional<TotaraStatus> status(Duration wait, boolean reuse) {
        Optional<Target> target = Target.of(settings.get());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        CompletableFuture<TotaraStatus> answer;
        long waitNanos;
        synchronized (this) {
            Known known = knownFor(target.get());
            if (reuse && known != null && known.at().plus(FRESH).isAfter(clock.instant())) {
                return Optional.of(known.status());
            }
            answer = ask(target.get());
            // the wait counts from the question, so that callers queued behind a hanging Totara answer at once
            waitNanos = askedNanos + wait.toNanos() - System.nanoTime();
        }
        try {
            return Optional.of(answer.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.of(lastOrStillChecking(target.get(), wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(lastOrStillChecking(target.get(), wait));
        } catch (ExecutionException e) {
            return Optional.of(lastOrStillChecking(target.get(), wait));
        }
    }

    /** The question out for this Totara, or a new one on the watch's thread. */
    private CompletableFuture<TotaraStatus> ask(Target target) {
        if (asking != null && target.equals(askingFor)) {
            return asking;
        }
        CompletableFuture<TotaraStatus> question = CompletableFuture.supplyAsync(() -> query(target), thread);
        asking = question;
        askingFor = target;
        askedNanos = System.nanoTime();
        question.whenComplete((status, failure) -> answered(target, question, status, failure));
        return question;
    }

    private synchronized void answered(Target target, CompletableFuture<TotaraStatus> question, TotaraStatus status,
                                       Throwable failure) {
        if (asking == question) {
            asking = null;
            askingFor = null;
        }
        if (status != null) {
            last = new Known(target, status, clock.instant());
        } else {
            LOG.warn("Could not ask Totara's status: {}", String.valueOf(failure));
        }
    }

    private TotaraStatus query(Target target) {
        try {
            return clientFor(target).status();
        } catch (IOException e) {
            return TotaraStatus.trustStoreUnusable(target.url().toString(), e);
        }
    }

    /** One client, and so one HTTP client, for as long as the Totara settings stay the same. */
    private synchronized TotaraClient clientFor(Target target) throws IOException {
        if (client == null || !target.equals(clientFor)) {
            client = new TotaraClient(target.url(), target.key(), target.trustStore(), target.trustStorePassword(),
                    TIMEOUT, clock);
            clientFor = target;
        }
        return client;
    }

    private synchronized Known knownFor(Target target) {
        return last != null && last.target().equals(target) ? last : null;
    }

    private TotaraStatus lastOrStillChecking(Target target, Duration waited) {
        Known known = knownFor(target);
        if (known != null) {
            return known.status();
        }
        return new TotaraStatus(target.url().toString(), null, waited.toMillis() / 1000.0,
                new TotaraStatus.Problem(TotaraFailure.TIMED_OUT, 0, null, "Timed out trying to connect to Totara at "
                        + target.url() + ": no answer to the status query yet, still checking"));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
