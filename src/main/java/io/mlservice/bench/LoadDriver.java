package io.mlservice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Drives an endpoint with clients sending back to back, for a measured time of {@code seconds}. */
final class LoadDriver {
    private final SignedQueries queries;
    private final int seconds;

    LoadDriver(SignedQueries queries, int seconds) {
        this.queries = queries;
        this.seconds = seconds;
    }

    /**
     * Runs {@code clientCount} clients for {@code warmupSeconds} and then the measured time; only answers to
     * requests sent after the warm-up count.
     */
    LoadRun drive(Endpoint endpoint, int clientCount, int warmupSeconds) throws InterruptedException {
        List<LoadClient> clientList = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            clientList.add(new LoadClient(queries, endpoint, new SplittableRandom(1000L * c + endpoint.ordinal())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        try {
            long measureFrom = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
            long until = measureFrom + Duration.ofSeconds(seconds).toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (LoadClient client : clientList) {
                running.add(pool.submit(() -> {
                    client.run(measureFrom, until);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return LoadClient.merge(clientList, until - measureFrom);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
