package io.mlservice.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench cycle}: the cost curve. For each demo size, a whole training cycle as the service runs it (read,
 * assemble, search, evaluation, final fit, save), its heap, the model file's size, in-process {@code /user-items}
 * latency and held-out precision@10: one table row per size, printed as each size ends and again at the end.
 */
@Command(name = "cycle", mixinStandardHelpOptions = true,
        description = "Benchmark a whole training cycle per demo size: time by phase, peak heap, model file size, "
                + "/user-items latency, held-out precision@10.")
public final class CycleBenchCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", paramLabel = "<size>", defaultValue = "10k,100k,1m",
            converter = DemoSize.Converter.class,
            description = "Demo sizes to run: 10k, 100k, 1m, 10m (default: ${DEFAULT-VALUE}).")
    List<DemoSize> sizes;

    @Option(names = "--threads", defaultValue = "2", description = "Training threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--latency-users", defaultValue = "3000",
            description = "Seeded users asked for /user-items (default: ${DEFAULT-VALUE}).")
    int latencyUsers;

    @Option(names = "--seed", defaultValue = "42", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        out.printf(Locale.ROOT, "bench cycle: %d cores, max heap (-Xmx) %,d MiB, Java %s, %d training threads%n",
                Runtime.getRuntime().availableProcessors(), HeapPeaks.max() >> 20, System.getProperty("java.version"),
                threads);
        Path work = Files.createTempDirectory("ml-bench-cycle");
        CycleBench bench = new CycleBench(work, threads, latencyUsers, seed, out);
        List<CycleRow> rows = new ArrayList<>();
        try {
            for (DemoSize size : sizes) {
                out.printf(Locale.ROOT, "%n== %s demo export%n", size.id());
                CycleRow row = bench.run(size.id(), size.spec());
                rows.add(row);
                out.println(CycleRow.header());
                out.println(row.markdown());
            }
        } finally {
            Folders.deleteTree(work);
        }
        out.printf(Locale.ROOT, "%nCost curve (warm retrain: the next night's cycle from the saved model; n/a when it ran a full search)%n");
        out.println(CycleRow.header());
        rows.forEach(r -> out.println(r.markdown()));
        return 0;
    }
}
