package io.mlservice.cli;

import io.mlservice.bench.BenchCommand;
import io.mlservice.config.ConfigException;
import io.mlservice.config.DataFolders;
import io.mlservice.config.SettingsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The program's entry point: the service ({@code --headless} from {@code ML_*} settings, or on the built-in demo
 * dataset without options), and the {@code train}, {@code demo}, {@code demo-data}, {@code bench} commands.
 */
@Command(name = "ml-service", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recommendations engine for Totara Engage.",
        subcommands = {TrainCommand.class, DemoRunCommand.class, DemoDataCommand.class, BenchCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--headless", description = "Run the service without a window, configured by the ML_* "
            + "environment variables, the settings file and --set.")
    boolean headless;

    @Option(names = "--set", paramLabel = "ML_NAME=value", description = "A setting that overrides the "
            + "environment and the settings file, e.g. --set ML_BIND=127.0.0.1:5000 (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--settings", paramLabel = "<file>", description = "The settings file (default: "
            + "ML_SETTINGS_FILE, else data/settings.properties, or the user's settings folder in an installed copy).")
    Path settingsFile;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return execute(commandLine(), args);
    }

    /** The program's command line: the service, the developer commands, and in its help the settings. */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        HelpSections.addTo(cmd);
        return cmd;
    }

    /** Runs the command; every error is reported in one line beginning {@code error:}. */
    static int execute(CommandLine cmd, String... args) {
        return cmd.setExecutionExceptionHandler(Main::reportFailure)
                .setParameterExceptionHandler(Main::reportUsageError)
                .execute(args);
    }

    /**
     * A command line that cannot be parsed: the problem and where help is, not the whole usage (it lists every
     * setting). Exits with picocli's code for invalid input, 2.
     */
    private static int reportUsageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Bad input and I/O problems end in one line an administrator can act on; anything else is a bug and keeps its
     * stack trace.
     */
    private static int reportFailure(Exception e, CommandLine cmd, ParseResult parsed)
            throws Exception {
        if (e instanceof ConfigException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        }
        throw e;
    }

    /**
     * Without a command: the console (on the built-in demo dataset when no Totara or export folder is configured),
     * or with {@code --headless} the service from its settings alone. Without a display the service runs as the
     * console would start it, without a window.
     */
    @Override
    public Integer call() throws Exception {
        // asked first, so that a wrong -Dmlservice.folders is reported even when every folder is configured
        DataFolders folders = DataFolders.current();
        Map<String, String> commandLine = new LinkedHashMap<>(set);
        if (settingsFile != null) {
            commandLine.put(SettingsFile.VARIABLE, settingsFile.toString());
        }
        if (headless) {
            return HeadlessService.run(commandLine, System.getenv(), System.out);
        }
        if (!DesktopCheck.hasDisplay()) {
            System.out.println("No display: running the service without a window (the console needs a desktop).");
            return DemoService.run(commandLine, System.getenv(), folders.dataDir(), System.out);
        }
        Optional<String> noWindow = ConsoleLauncher.open(commandLine, System.getenv());
        if (noWindow.isPresent()) {
            System.out.println(noWindow.get() + ": running the service without a window.");
            return DemoService.run(commandLine, System.getenv(), folders.dataDir(), System.out);
        }
        return 0;
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
