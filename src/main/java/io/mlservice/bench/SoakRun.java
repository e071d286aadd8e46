package io.mlservice.bench;

import io.mlservice.training.ExportTraining;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench api --soak}: the capacity of {@code /user-items} with the export training in the background, then a
 * steady load below it for the given minutes, with the training still running; prints every interval and the
 * verdict.
 */
final class SoakRun {
    /**
     * How the soak runs: {@code clients} clients; each ramp step measured for {@code seconds} after one warm-up of
     * {@code warmupSeconds}; then {@code loadPercent} of the capacity for {@code minutes}, a line every
     * {@code interval}.
     */
    record Plan(int clients, int seconds, int warmupSeconds, int loadPercent, double minutes, Duration interval) {
    }

    private final PrintStream out;
    private final Plan plan;

    SoakRun(PrintStream out, Plan plan) {
        this.out = out;
        this.plan = plan;
    }

    /** Soaks the server {@code queries} ask while {@code training} trains the export in {@code folder}. */
    SoakReport.Verdict run(SignedQueries queries, ExportTraining training, Path folder) throws InterruptedException {
        BackgroundTraining background = BackgroundTraining.start(training, folder);
        SoakReport report;
        try {
            double capacity = capacity(new LoadDriver(queries, plan.seconds()));
            double rate = capacity * plan.loadPercent() / 100;
            out.printf(Locale.ROOT, "  capacity of /user-items while training: %,.0f req/s; driving %d clients "
                            + "at %,.0f req/s (%d%%) for %s min, training in the background on %d threads%n",
                    capacity, plan.clients(), rate, plan.loadPercent(), minutesText(plan.minutes()),
                    BackgroundTraining.THREADS);
            report = drivePaced(queries, rate, Duration.ofMillis(Math.round(plan.minutes() * 60_000)),
                    plan.interval());
        } finally {
            out.printf(Locale.ROOT, "  trainings finished in the background: %d%n", background.stop());
        }
        SoakReport.Verdict verdict = report.verdict();
        SoakReport.print(out, verdict);
        return verdict;
    }

    /** The best rate of a ramp of 1, 2, 4, ... up to {@code clients} clients, after one warm-up. */
    private double capacity(LoadDriver driver) throws InterruptedException {
        if (plan.warmupSeconds() > 0) {
            driver.drive(Endpoint.USER_ITEMS, plan.clients(), plan.warmupSeconds());
        }
        double best = 0;
        for (int n = 1; ; n = Math.min(plan.clients(), n * 2)) {
            LoadRun run = driver.drive(Endpoint.USER_ITEMS, n, 0);
            out.printf(Locale.ROOT, "  ramp: %d client%s %,8.0f req/s  p99 %.2f ms  failed %d%n", n,
                    n == 1 ? ": " : "s:", run.perSecond(), run.percentileMillis(0.99), run.failed());
            best = Math.max(best, run.perSecond());
            if (n == plan.clients()) {
                return best;
            }
        }
    }

    /**
     * {@code clients} clients, each sending on its own schedule so that together they send {@code rate} requests
     * per second, each on its own keep-alive connection.
     */
    private SoakReport drivePaced(SignedQueries queries, double rate, Duration length, Duration interval)
            throws InterruptedException {
        int clients = plan.clients();
        IntervalLatencies answers = new IntervalLatencies();
        long period = Math.max(1, Math.round(1e9 * clients / rate));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long end = start + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        SoakReport report = new SoakReport();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HeapAfterGc heap = new HeapAfterGc()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                LoadClient client = new LoadClient(queries, Endpoint.USER_ITEMS, new SplittableRandom(7919L * c));
                long first = start + period * c / clients;
                running.add(pool.submit(() -> {
                    client.runPaced(first, period, end, answers);
                    return null;
                }));
            }
            SoakReport.printHeader(out);
            for (long from = start; from < end; ) {
                long at = Math.min(from + interval.toNanos(), end);
                LoadClient.parkUntil(at);
                IntervalLatencies.Drained d = answers.drain();
                SoakReport.Interval line = new SoakReport.Interval(Duration.ofNanos(at - start), d.requests(),
                        d.errors(), d.p99Millis(), d.maxMillis(), heap.takeLowest(), threads.getThreadCount());
                report.add(line);
                SoakReport.print(out, line, Duration.ofNanos(at - from));
                from = at;
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a soak client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    private static String minutesText(double minutes) {
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }
}
