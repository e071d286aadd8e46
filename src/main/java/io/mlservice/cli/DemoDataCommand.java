package io.mlservice.cli;

import io.mlservice.totara.demo.DemoExportGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes the built-in demo dataset: a seeded export in the format Totara's ml_recommender writes. */
@Command(name = "demo-data",
        description = "Writes a seeded demo export in Totara's format (tenants.csv and, per tenant, "
                + "user_interactions, user_data and item_data) with hidden interest groups to learn. "
                + "The same options always write the same bytes.")
public final class DemoDataCommand implements Callable<Integer> {
    private static final DemoExportGenerator.Spec DEFAULTS = DemoExportGenerator.Spec.small();

    @Spec
    private CommandSpec command;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--out", required = true, paramLabel = "<folder>",
            description = "Folder to write to; created if missing, files of the same names are replaced.")
    private Path out;

    @Option(names = "--users", paramLabel = "N", description = "Users of the whole site (default: ${DEFAULT-VALUE}).")
    private int users = DEFAULTS.users();

    @Option(names = "--items", paramLabel = "M", description = "Items of the whole site (default: ${DEFAULT-VALUE}).")
    private int items = DEFAULTS.items();

    @Option(names = "--interactions", paramLabel = "K",
            description = "Interaction rows of the whole site (default: ${DEFAULT-VALUE}).")
    private int interactions = DEFAULTS.interactions();

    @Option(names = "--tenants", paramLabel = "T",
            description = "Tenants: 1 writes tenant 0 (a site without multi-tenancy), more write 1..T "
                    + "(default: ${DEFAULT-VALUE}).")
    private int tenants = 1;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed = DemoExportGenerator.Spec.DEFAULT_SEED;

    @Option(names = "--without-newest", paramLabel = "P",
            description = "Write the same site as it stood earlier: without the newest P percent of the "
                    + "interactions and the users and items only they bring (default: ${DEFAULT-VALUE}).")
    private double withoutNewestPercent = 0;

    @Override
    public Integer call() {
        if (!(withoutNewestPercent >= 0 && withoutNewestPercent < 100)) {
            throw new ParameterException(command.commandLine(),
                    "--without-newest must be at least 0 and below 100, not " + withoutNewestPercent);
        }
        DemoExportGenerator.Spec spec;
        try {
            spec = new DemoExportGenerator.Spec(users, items, interactions, tenants, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        try {
            DemoExportGenerator.Statistics statistics = new DemoExportGenerator(spec).write(out,
                    withoutNewestPercent / 100);
            command.commandLine().getOut().println(statistics.summary());
            return 0;
        } catch (IOException e) {
            command.commandLine().getErr().println("error: could not write the demo export to " + out + ": " + e);
            return 1;
        }
    }
}
