package io.mlservice.console.training;

import io.mlservice.service.CycleResult;
import io.mlservice.service.ServiceListener;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the test each finished cycle. Added to the host after the view model, so when it hears of a cycle the view
 * model (with direct executors) has already applied it.
 */
final class CycleWatch implements ServiceListener {
    private final BlockingQueue<CycleResult> finished = new LinkedBlockingQueue<>();

    @Override
    public void cycleFinished(CycleResult result) {
        finished.add(result);
    }

    /** The next cycle to finish, waiting up to two minutes. */
    CycleResult next() throws InterruptedException {
        CycleResult r = finished.poll(2, TimeUnit.MINUTES);
        if (r == null) {
            throw new AssertionError("no training cycle finished within two minutes");
        }
        return r;
    }
}
