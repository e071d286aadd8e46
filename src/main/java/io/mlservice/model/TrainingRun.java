package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * One WARP training run, advanced an epoch at a time so that callers can score or stop it between epochs.
 * Threads update the shared parameters without locks (Hogwild); with one thread and a seed the run is
 * reproducible bit for bit. Close it to release its threads.
 */
public final class TrainingRun implements AutoCloseable {
    private static final float MAX_LOSS = 10f;

    private final FeatureMatrix userFeatures;
    private final FeatureMatrix itemFeatures;
    private Interactions train;
    private Interactions.ByUser positives;
    private final HyperParameters hp;
    private final int threads;
    private final SplittableRandom master;
    private final ExecutorService pool;
    private final int k;
    private final float learningRate;
    private final float rho;
    private final float epsilon;
    private final float userAlpha;
    private final float itemAlpha;

    /** What the run learns; the fields below are its arrays, which the loop works on directly. */
    private final WarpParameters parameters;
    private final float[] userEmb;
    private final float[] itemEmb;
    private final float[] itemBias;
    private final float[] userGrad;
    private final float[] itemGrad;
    private final float[] biasGrad;
    private final float[] userDelta;
    private final float[] itemDelta;
    private final float[] biasDelta;

    private int[] order;
    private int epochsDone;
    private long elapsedNanos;
    private final BooleanSupplier stopRequested;
    private volatile boolean cancelled;

    public TrainingRun(FeatureMatrix userFeatures, FeatureMatrix itemFeatures, Interactions train,
                       HyperParameters hp, int threads, long seed) {
        this(userFeatures, itemFeatures, train, hp, threads, seed, () -> false);
    }

    /**
     * @param stopRequested polled every few thousand samples; when it answers true the epoch under way ends with a
     *                      {@link CancellationException}
     */
    public TrainingRun(FeatureMatrix userFeatures, FeatureMatrix itemFeatures, Interactions train,
                       HyperParameters hp, int threads, long seed, BooleanSupplier stopRequested) {
        if (userFeatures.rows() != train.userCount() || itemFeatures.rows() != train.itemCount()) {
            throw new IllegalArgumentException("feature matrices do not match the interactions");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.userFeatures = userFeatures;
        this.itemFeatures = itemFeatures;
        this.train = train;
        this.positives = train.byUser();
        this.stopRequested = stopRequested;
        this.hp = hp;
        this.threads = threads;
        this.master = new SplittableRandom(seed);
        this.k = hp.components();
        this.learningRate = (float) hp.learningRate();
        this.rho = (float) hp.rho();
        this.epsilon = (float) hp.epsilon();
        this.userAlpha = (float) hp.userAlpha();
        this.itemAlpha = (float) hp.itemAlpha();
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, TrainingRun::daemon) : null;

        parameters = new WarpParameters(userFeatures.featureCount(), itemFeatures.featureCount(), k, hp.schedule(),
                master);
        userEmb = parameters.userEmb;
        itemEmb = parameters.itemEmb;
        itemBias = parameters.itemBias;
        userGrad = parameters.userGrad;
        itemGrad = parameters.itemGrad;
        biasGrad = parameters.biasGrad;
        userDelta = parameters.userDelta;
        itemDelta = parameters.itemDelta;
        biasDelta = parameters.biasDelta;
        order = identityOrder(train.size());
    }

    private static int[] identityOrder(int n) {
        int[] order = new int[n];
        for (int p = 0; p < n; p++) {
            order[p] = p;
        }
        return order;
    }

    /**
     * From the next epoch on, trains on {@code interactions} (of the same users and items) with the parameters and
     * the optimiser's state as they stand: a model searched on part of the data goes on learning from all of it
     * instead of starting over. Call between epochs only.
     */
    public void continueOn(Interactions interactions) {
        if (interactions.userCount() != train.userCount() || interactions.itemCount() != train.itemCount()) {
            throw new IllegalArgumentException("the interactions must be of the same users and items");
        }
        train = interactions;
        positives = interactions.byUser();
        order = identityOrder(interactions.size());
    }

    /**
     * Starts from a trained model instead of the random start, where the features are the same: see
     * {@link WarmStart}. Call before the first epoch.
     */
    void startFrom(HybridModel model, int[] userRows, int[] itemRows) {
        if (epochsDone != 0) {
            throw new IllegalStateException("a run starts from a model before its first epoch only");
        }
        parameters.adopt(model, userRows, itemRows);
    }

    public HyperParameters hyperParameters() {
        return hp;
    }

    public int epochsDone() {
        return epochsDone;
    }

    /** Asks the run to stop; the epoch under way ends with a {@link CancellationException}. */
    public void cancel() {
        cancelled = true;
    }

    /** Trains one more epoch over the shuffled interactions. */
    public EpochStats runEpoch() {
        if (stopping()) {
            throw new CancellationException("training cancelled");
        }
        long t0 = System.nanoTime();
        shuffle();
        long[] samplesAndUpdates = new long[2];
        double loss;
        if (threads == 1 || order.length < 4 * threads) {
            Worker w = new Worker(master.split(), 0, order.length);
            w.run();
            samplesAndUpdates[0] = w.samples;
            samplesAndUpdates[1] = w.updates;
            loss = w.lossSum;
        } else {
            loss = runParallel(samplesAndUpdates);
        }
        if (stopping()) {
            throw new CancellationException("training cancelled");
        }
        long took = System.nanoTime() - t0;
        elapsedNanos += took;
        epochsDone++;
        long samples = samplesAndUpdates[0];
        return new EpochStats(epochsDone, samples, samplesAndUpdates[1], samples == 0 ? 0 : loss / samples,
                took, elapsedNanos);
    }

    /** Copies the parameters and the optimiser's state as they stand (between epochs). */
    public TrainingCheckpoint checkpoint() {
        return parameters.checkpoint(epochsDone);
    }

    /** Goes back to a checkpoint of this run: the epochs after it are undone (call between epochs). */
    public void restore(TrainingCheckpoint checkpoint) {
        parameters.restore(checkpoint);
        epochsDone = checkpoint.epochsDone();
    }

    /** The model as it stands now (a copy: training may go on). */
    public HybridModel snapshot() {
        return parameters.snapshot();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private double runParallel(long[] samplesAndUpdates) {
        List<Worker> workers = new ArrayList<>(threads);
        int slice = (order.length + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            workers.add(new Worker(master.split(), Math.min(order.length, t * slice),
                    Math.min(order.length, (t + 1) * slice)));
        }
        List<Future<?>> futures = new ArrayList<>(threads);
        for (Worker w : workers) {
            futures.add(pool.submit(w));
        }
        double loss = 0;
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
            throw new CancellationException("training interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("training thread failed", e.getCause());
        }
        for (Worker w : workers) {
            samplesAndUpdates[0] += w.samples;
            samplesAndUpdates[1] += w.updates;
            loss += w.lossSum;
        }
        return loss;
    }

    private boolean stopping() {
        if (!cancelled && stopRequested.getAsBoolean()) {
            cancelled = true;
        }
        return cancelled;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = master.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "warp-trainer");
        t.setDaemon(true);
        return t;
    }

    /** One thread's slice of an epoch, with its own random stream and scratch vectors. */
    private final class Worker implements Runnable {
        private final SplittableRandom random;
        private final int from;
        private final int to;
        private final float[] pu = new float[k];
        private final float[] qi = new float[k];
        private final float[] qj = new float[k];
        private final float[] direction = new float[k];
        private long samples;
        private long updates;
        private double lossSum;

        Worker(SplittableRandom random, int from, int to) {
            this.random = random;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            int[] users = train.users();
            int[] items = train.items();
            float[] weights = train.weights();
            int nItems = train.itemCount();
            int maxSampled = hp.maxSampled();
            for (int n = from; n < to; n++) {
                if ((n & 4095) == 0 && stopping()) {
                    return;
                }
                int p = order[n];
                int u = users[p];
                int i = items[p];
                samples++;
                represent(userFeatures, userEmb, u, pu);
                float positive = represent(itemFeatures, itemEmb, i, qi) + dot(pu, qi);
                for (int draw = 1; draw <= maxSampled; draw++) {
                    int j = random.nextInt(nItems);
                    if (j == i || positives.contains(u, j)) {
                        continue;
                    }
                    float negative = represent(itemFeatures, itemEmb, j, qj) + dot(pu, qj);
                    if (negative > positive - 1f) {
                        float loss = (float) (weights[p] * Math.log(Math.max(1.0, Math.floor((nItems - 1) / (double) draw))));
                        loss = Math.min(loss, MAX_LOSS);
                        update(u, i, j, loss);
                        updates++;
                        lossSum += loss;
                        break;
                    }
                }
            }
        }

        /** Writes the row's vector into {@code out} and returns the row's bias (0 for users). */
        private float represent(FeatureMatrix features, float[] emb, int row, float[] out) {
            Arrays.fill(out, 0f);
            int[] start = features.rowStart();
            int[] cols = features.columns();
            float[] vals = features.values();
            float bias = 0f;
            boolean items = emb == itemEmb;
            for (int q = start[row]; q < start[row + 1]; q++) {
                int base = cols[q] * k;
                float x = vals[q];
                for (int d = 0; d < k; d++) {
                    out[d] += x * emb[base + d];
                }
                if (items) {
                    bias += x * itemBias[cols[q]];
                }
            }
            return bias;
        }

        private void update(int u, int i, int j, float loss) {
            updateItem(i, -loss);
            updateItem(j, loss);
            for (int d = 0; d < k; d++) {
                direction[d] = qj[d] - qi[d];
            }
            int[] start = userFeatures.rowStart();
            int[] cols = userFeatures.columns();
            float[] vals = userFeatures.values();
            for (int q = start[u]; q < start[u + 1]; q++) {
                stepRow(userEmb, userGrad, userDelta, cols[q] * k, loss * vals[q], direction, userAlpha);
            }
        }

        /** signedLoss = −loss for the positive item (pushed up), +loss for the negative (pushed down). */
        private void updateItem(int item, float signedLoss) {
            int[] start = itemFeatures.rowStart();
            int[] cols = itemFeatures.columns();
            float[] vals = itemFeatures.values();
            for (int q = start[item]; q < start[item + 1]; q++) {
                int f = cols[q];
                float scale = signedLoss * vals[q];
                stepRow(itemEmb, itemGrad, itemDelta, f * k, scale, pu, itemAlpha);
                float g = scale + itemAlpha * itemBias[f];
                if (biasDelta == null) {
                    float acc = biasGrad[f];
                    itemBias[f] -= learningRate / (float) Math.sqrt(acc) * g;
                    biasGrad[f] = acc + g * g;
                } else {
                    itemBias[f] -= adadeltaChange(biasGrad, biasDelta, f, g);
                }
            }
        }

        /**
         * One schedule step on the k parameters at {@code base}: gradient {@code scale · dir + alpha · w}. Flat
         * float loops without branches, so the JIT can vectorise them.
         */
        private void stepRow(float[] param, float[] grad, float[] delta, int base, float scale, float[] dir,
                             float alpha) {
            if (delta == null) {
                float lr = learningRate;
                for (int d = 0; d < k; d++) {
                    int p = base + d;
                    float w = param[p];
                    float g = scale * dir[d] + alpha * w;
                    float acc = grad[p];
                    param[p] = w - lr / (float) Math.sqrt(acc) * g;
                    grad[p] = acc + g * g;
                }
            } else {
                for (int d = 0; d < k; d++) {
                    int p = base + d;
                    float w = param[p];
                    float g = scale * dir[d] + alpha * w;
                    param[p] = w - adadeltaChange(grad, delta, p, g);
                }
            }
        }

        private float adadeltaChange(float[] grad, float[] delta, int p, float g) {
            float acc = rho * grad[p] + (1 - rho) * g * g;
            grad[p] = acc;
            float change = (float) Math.sqrt(delta[p] + epsilon) / (float) Math.sqrt(acc + epsilon) * g;
            delta[p] = rho * delta[p] + (1 - rho) * change * change;
            return change;
        }
    }

    private static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
