package io.mlservice.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * What a soak run saw, interval by interval, and its verdict: no failed request, and neither the heap after
 * collections nor the live threads growing from the first third of the run to the last.
 */
final class SoakReport {
    /** The last third's lowest heap after GC may exceed the first third's by this fraction... */
    static final double HEAP_GROWTH_ALLOWED = 0.20;
    /** ...or by this much, whichever is larger: small heaps move by a few MiB with the training's allocations. */
    static final long HEAP_SLACK_BYTES = 16L << 20;
    /** Training threads come and go; more than this many extra live threads at the end is a leak. */
    static final int THREAD_SLACK = 2;

    /**
     * One reporting interval.
     *
     * @param end            time since the soak started
     * @param heapAfterGc    the smallest heap in use right after a collection during the interval (the heap in use
     *                       at its end when no collection ran)
     * @param threads        live threads of the JVM at the interval's end
     */
    record Interval(Duration end, long requests, long errors, double p99Millis, double maxMillis, long heapAfterGc,
                    int threads) {
    }

    /**
     * The comparison of the first third of the intervals with the last third: errors, the lowest heap after a
     * collection in each third (the floor a leak raises: between two old-generation collections the heap after a
     * young one also holds dead objects promoted since), the most live threads in each third.
     */
    record Verdict(long requests, long errors, long heapFirst, long heapLast, int threadsFirst, int threadsLast) {
        boolean heapGrew() {
            return heapLast > heapFirst + Math.max((long) (heapFirst * HEAP_GROWTH_ALLOWED), HEAP_SLACK_BYTES);
        }

        boolean threadsGrew() {
            return threadsLast > threadsFirst + THREAD_SLACK;
        }

        boolean passed() {
            return errors == 0 && !heapGrew() && !threadsGrew();
        }
    }

    private final List<Interval> intervals = new ArrayList<>();

    void add(Interval interval) {
        intervals.add(interval);
    }

    List<Interval> intervals() {
        return List.copyOf(intervals);
    }

    static void printHeader(PrintStream out) {
        out.printf(Locale.ROOT, "  %8s %10s %8s %7s %9s %9s %9s %8s%n", "time", "requests", "req/s", "errors",
                "p99 ms", "max ms", "heap MiB", "threads");
    }

    static void print(PrintStream out, Interval interval, Duration length) {
        long seconds = interval.end().toSeconds();
        out.printf(Locale.ROOT, "  %5d:%02d %,10d %,8.0f %7d %9.2f %9.2f %9.1f %8d%n", seconds / 60, seconds % 60,
                interval.requests(), interval.requests() / (length.toMillis() / 1000.0), interval.errors(),
                interval.p99Millis(), interval.maxMillis(), mib(interval.heapAfterGc()), interval.threads());
    }

    /** Needs at least one interval; with fewer than three, the thirds overlap. */
    Verdict verdict() {
        if (intervals.isEmpty()) {
            throw new IllegalStateException("no interval measured");
        }
        int third = Math.max(1, intervals.size() / 3);
        List<Interval> first = intervals.subList(0, third);
        List<Interval> last = intervals.subList(intervals.size() - third, intervals.size());
        long requests = intervals.stream().mapToLong(Interval::requests).sum();
        long errors = intervals.stream().mapToLong(Interval::errors).sum();
        return new Verdict(requests, errors, lowest(first, Interval::heapAfterGc), lowest(last, Interval::heapAfterGc),
                first.stream().mapToInt(Interval::threads).max().orElseThrow(),
                last.stream().mapToInt(Interval::threads).max().orElseThrow());
    }

    static void print(PrintStream out, Verdict v) {
        out.printf(Locale.ROOT, "soak verdict: %s: %,d requests, %d errors; lowest heap after GC %.1f MiB in the "
                        + "first third, %.1f MiB in the last%s; live threads %d, then %d%s%n",
                v.passed() ? "PASS" : "FAIL", v.requests(), v.errors(), mib(v.heapFirst()), mib(v.heapLast()),
                v.heapGrew() ? " (grew)" : "", v.threadsFirst(), v.threadsLast(), v.threadsGrew() ? " (grew)" : "");
    }

    private static long lowest(List<Interval> intervals, ToLongFunction<Interval> value) {
        return intervals.stream().mapToLong(value).min().orElseThrow();
    }

    private static double mib(long bytes) {
        return bytes / (double) (1L << 20);
    }
}
