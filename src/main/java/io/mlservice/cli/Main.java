package io.mlservice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The program's entry point: the demo run by default, and the {@code train}, {@code demo-data}, {@code bench} commands. */
@Command(name = "ml-service", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recommendations engine for Totara Engage.",
        subcommands = {TrainCommand.class, DemoDataCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return execute(new CommandLine(new Main()), args);
    }

    static int execute(CommandLine cmd, String... args) {
        return cmd.setExecutionExceptionHandler(Main::reportFailure).execute(args);
    }

    /**
     * Bad input and I/O problems end in one line an administrator can act on; anything else is a bug and keeps its
     * stack trace.
     */
    private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
            throws Exception {
        if (e instanceof java.io.IOException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        }
        throw e;
    }

    /** Without a command: train on the built-in demo dataset and show what was learned. */
    @Override
    public void run() {
        int code = new CommandLine(new DemoRunCommand()).setExecutionExceptionHandler(Main::reportFailure).execute();
        if (code != 0) {
            throw new CommandLine.ExecutionException(new CommandLine(this), "demo run failed");
        }
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"ml-service " + (v != null ? v : "development")};
        }
    }
}
