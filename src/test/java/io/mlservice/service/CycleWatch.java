package io.mlservice.service;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the test each finished cycle, in order. Added after the listeners under test (a view model with direct
 * executors, say), so when it hears of a cycle they have already applied it.
 */
public final class CycleWatch implements ServiceListener {
    private final BlockingQueue<CycleResult> finished = new LinkedBlockingQueue<>();

    @Override
    public void cycleFinished(CycleResult result) {
        finished.add(result);
    }

    /** The next cycle to finish, waiting up to two minutes. */
    public CycleResult next() throws InterruptedException {
        CycleResult r = finished.poll(2, TimeUnit.MINUTES);
        if (r == null) {
            throw new AssertionError("no training cycle finished within two minutes");
        }
        return r;
    }

    /** Waits up to two minutes for the latch; a test that needs it released asserts that itself. */
    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
