package io.mlservice.cli;

import io.mlservice.config.SettingsTable;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --help} of the programs adds to picocli's own sections: every {@code ML_*} setting with its default,
 * from the catalogue, and the exit codes.
 */
final class HelpSections {
    static final String SETTINGS = "settings";
    private static final List<String> HEADING = List.of(
            "Settings, each from --set ML_NAME=value, else the environment, else the settings",
            "file, else its default:");

    private HelpSections() {
    }

    /** Adds the settings and the exit codes of {@code ml-service} to its usage help. */
    static void addTo(CommandLine cmd) {
        add(cmd, programExitCodes());
    }

    /** Adds the settings and the exit codes of the service alone ({@code ml-service-server}) to its usage help. */
    static void addServerSectionsTo(CommandLine cmd) {
        add(cmd, serverExitCodes());
    }

    /** The settings go before the exit codes. */
    private static void add(CommandLine cmd, Map<String, String> exitCodes) {
        UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
        usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        List<String> keys = new ArrayList<>(cmd.getHelpSectionKeys());
        if (!keys.contains(SETTINGS)) {
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), SETTINGS);
            cmd.setHelpSectionKeys(keys);
        }
        cmd.getHelpSectionMap().put(SETTINGS, help -> settings(help.commandSpec().usageMessage().width()));
    }

    private static String settings(int width) {
        String newline = System.lineSeparator();
        List<String> lines = new ArrayList<>(HEADING);
        lines.addAll(SettingsTable.plainText(width));
        return newline + String.join(newline, lines) + newline;
    }

    /** As {@link Main#execute}, the commands and the JVM end the program. */
    private static Map<String, String> programExitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "Done: the command finished, or the console was closed.");
        codes.put("1", "Failed: a file that cannot be read or written, the network, a malformed export or a value"
                + " the command rejects (one line starting 'error:'); train: no tenant had enough data; or an"
                + " unexpected error, printed with its stack trace.");
        codes.putAll(serviceExitCodes());
        return codes;
    }

    private static Map<String, String> serverExitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("1", "The service could not start: the history file could not be opened (one line starting"
                + " 'error:'); or an unexpected error, printed with its stack trace. Restarting may help.");
        codes.putAll(serviceExitCodes());
        return codes;
    }

    private static Map<String, String> serviceExitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("2", "Configuration: a setting is missing or wrong, a folder cannot be written, or the API cannot"
                + " listen on ML_BIND (the port is in use, or the address is not this machine's); every problem"
                + " listed, nothing started. Fix the setting: restarting will not help (the systemd unit does"
                + " not restart on 2).");
        codes.put("130", "The service was stopped by Ctrl+C (gracefully).");
        codes.put("143", "The service was stopped by SIGTERM (gracefully).");
        return codes;
    }
}
