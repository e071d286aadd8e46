package io.mlservice.bench;

import io.mlservice.model.TrainingListener;
import io.mlservice.training.ExportTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Trains the export again and again on every core until stopped, as a training cycle loads the machine. */
final class BackgroundTraining {
    static final int THREADS = Runtime.getRuntime().availableProcessors();

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger finished = new AtomicInteger();
    private Thread thread;

    /** Starts training the export in {@code folder} with {@code training}, which should use {@link #THREADS}. */
    static BackgroundTraining start(ExportTraining training, Path folder) {
        BackgroundTraining b = new BackgroundTraining();
        TrainingListener listener = new TrainingListener() {
            @Override
            public boolean cancelRequested() {
                return b.stopping.get();
            }
        };
        b.thread = new Thread(() -> {
            while (!b.stopping.get()) {
                try {
                    training.trainAll(folder, t -> listener);
                    b.finished.incrementAndGet();
                } catch (CancellationException | IOException e) {
                    return;
                }
            }
        }, "bench-training");
        b.thread.setDaemon(true);
        b.thread.start();
        return b;
    }

    /** Stops the training and returns how many trainings finished. */
    int stop() throws InterruptedException {
        stopping.set(true);
        thread.join();
        return finished.get();
    }
}
