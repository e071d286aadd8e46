package io.mlservice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Arrays;

/**
 * The entry point of the installed {@code ml-service-server} launcher: the service without a window, always. A
 * launcher's default arguments apply only when it is started without any, so the server launcher cannot rely on a
 * default {@code --headless}: {@code ml-service-server --set ML_BIND=...} would open the console.
 */
public final class ServerMain {
    static final String NAME = "ml-service-server";

    private ServerMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.execute(commandLine(), withHeadless(args)));
    }

    static String[] withHeadless(String[] args) {
        if (Arrays.asList(args).contains("--headless")) {
            return args;
        }
        String[] all = new String[args.length + 1];
        all[0] = "--headless";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /**
     * The program's command line as a server administrator sees it: under the launcher's name, with the settings and
     * the options that configure them. {@code --headless} is implied, and the developer commands, which still run,
     * are left out of the help.
     */
    static CommandLine commandLine() {
        CommandLine cmd = Main.commandLine();
        CommandSpec spec = cmd.getCommandSpec();
        spec.name(NAME);
        spec.usageMessage().description("The ML Service for Totara Engage without a window, as a server runs it:"
                + " configured by the ML_* settings below, stopped gracefully by SIGTERM or Ctrl+C.");
        OptionSpec headless = spec.findOption("--headless");
        spec.remove(headless);
        spec.addOption(headless.toBuilder().hidden(true).build());
        cmd.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage().hidden(true));
        spec.usageMessage().synopsisSubcommandLabel("");
        HelpSections.addServerSectionsTo(cmd);
        return cmd;
    }
}
