package io.mlservice.bench;

import io.mlservice.format.ByteSize;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One demo size's training cycle as {@code bench cycle} measured it: one row of the cost curve.
 *
 * @param readAssemble  reading the export, building the data set, the split and the popularity baseline
 * @param search        the hyper-parameter search
 * @param evaluate      scoring the chosen model and EASE^R on the held-out split
 * @param finalFit      the winner's epochs on all interactions
 * @param save          writing the model file into a model folder, as the service does
 * @param cycle         all of the above, end to end
 * @param warmRetrain   the next night's cycle from the saved model: read, assembled, retrained (empty: it ran a full search)
 * @param peakHeap      the sum of the heap pools' peaks during the cycle (an upper bound, garbage included)
 * @param peakAfterGc   the highest heap use right after a garbage collection during the cycle
 * @param maxHeap       the heap's limit ({@code -Xmx})
 * @param precision     held-out precision@10 of the served model
 * @param easePrecision EASE^R's on the same split; NaN where it was skipped
 */
record CycleRow(String size, int users, int items, int interactions, Duration readAssemble, Duration search,
                Duration evaluate, Duration finalFit, Duration save, Duration cycle, Optional<Duration> warmRetrain,
                long peakHeap, long peakAfterGc, long maxHeap, long modelFileBytes, UserItemsLatency userItems,
                double precision, double easePrecision, String chosen) {

    static String header() {
        return "| size | users | items | interactions | full cycle | read + assemble | search | evaluate | final fit "
                + "| save | warm retrain | peak heap (pools) | peak after GC | -Xmx | model file | /user-items p50 "
                + "| /user-items p99 | held-out p@10 | EASE^R p@10 | chosen |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    String markdown() {
        return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s "
                        + "| %s | %.0f µs | %.0f µs | %.4f | %s | %s |",
                size, users, items, interactions, time(cycle), time(readAssemble), time(search), time(evaluate),
                time(finalFit), time(save), warmRetrain.map(CycleRow::time).orElse("n/a"), mib(peakHeap),
                mib(peakAfterGc), mib(maxHeap), ByteSize.text(modelFileBytes), userItems.medianNanos() / 1e3,
                userItems.p99Nanos() / 1e3, precision,
                Double.isNaN(easePrecision) ? "skipped" : String.format(Locale.ROOT, "%.4f", easePrecision), chosen);
    }

    static String time(Duration d) {
        double seconds = d.toNanos() / 1e9;
        return seconds < 100 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
