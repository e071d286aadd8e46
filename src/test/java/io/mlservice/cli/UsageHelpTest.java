package io.mlservice.cli;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsTable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} of both programs lists every setting with its default, and errors are one line starting "error:". */
class UsageHelpTest {

    @Test
    void theProgramsHelpListsEverySettingWithItsDefaultAndTheCommands() {
        Run help = run(Main.commandLine(), "--help");

        assertThat(help.code).isZero();
        assertEverySettingWithItsDefault(help.out);
        assertThat(help.out).startsWith("Usage: ml-service [").contains("--headless", "Commands:", "  train ",
                "  bench ", "  demo-data ", "Exit codes:", "  0 ", "  1 ", "  2 ", "  143 ");
    }

    @Test
    void theServersHelpNamesItAndShowsOnlyWhatAnAdministratorUses() {
        Run help = run(ServerMain.commandLine(), ServerMain.withHeadless(new String[]{"--help"}));

        assertThat(help.code).isZero();
        assertEverySettingWithItsDefault(help.out);
        assertThat(help.out).startsWith("Usage: ml-service-server [-hV] [--settings=<file>] [--set=ML_NAME=value]...")
                .contains("--set=ML_NAME=value", "--settings=<file>", "Exit codes:", "  2 ", "  143 ")
                .doesNotContain("--headless", "Commands:", "[COMMAND]", "ml-service ", "demo-data", "console");
        assertThat(help.out.lines()).noneMatch(line -> line.matches("  (train|demo|bench) .*"));
    }

    @Test
    void theServerStillRunsWhatItWasGiven() {
        CommandLine cmd = ServerMain.commandLine();

        cmd.parseArgs(ServerMain.withHeadless(new String[]{"--set", "ML_BIND=127.0.0.1:5001"}));

        Main main = cmd.getCommand();
        assertThat(main.headless).isTrue();
        assertThat(main.set).containsEntry("ML_BIND", "127.0.0.1:5001");
    }

    @Test
    void aCommandLineThatCannotBeParsedIsOneErrorLineAndAPointerToTheHelp() {
        Run unknown = run(Main.commandLine(), "--headles");
        Run missing = run(Main.commandLine(), "train");
        Run server = run(ServerMain.commandLine(), ServerMain.withHeadless(new String[]{"--bogus"}));

        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err).startsWith("error: Unknown option: '--headles'").contains("--headless")
                .contains("Try 'ml-service --help' for more information.").doesNotContain("ML_TOTARA_URL");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).startsWith("error: Missing required option: '--from=<folder>'")
                .contains("Try 'ml-service train --help'");
        assertThat(server.code).isEqualTo(2);
        assertThat(server.err).startsWith("error: Unknown option: '--bogus'")
                .contains("Try 'ml-service-server --help'");
    }

    @Test
    void trainUsesTheServicesDefaultThreadCount() {
        CommandLine cmd = new CommandLine(new TrainCommand());
        cmd.parseArgs("--from", "export");

        int threads = cmd.getCommandSpec().findOption("--threads").getValue();
        assertThat(threads).isEqualTo(Integer.parseInt(Setting.NUM_THREADS.defaultText().orElseThrow()))
                .isEqualTo(4);
        assertThat(String.join("\n", cmd.getUsageMessage())).contains("(default: 4, as ML_NUM_THREADS");
    }

    private static void assertEverySettingWithItsDefault(String help) {
        List<String> lines = help.lines().toList();
        for (Setting s : Setting.values()) {
            assertThat(lines).as(s.variable()).anySatisfy(line -> assertThat(line)
                    .startsWith("  " + s.variable() + " ").endsWith(" " + SettingsTable.shownDefault(s)));
            s.defaultText().filter(d -> s != Setting.MODELS_DIR && s != Setting.LOGS_DIR).ifPresent(d ->
                    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  " + s.variable() + " ")
                            .endsWith(" default: " + d)));
        }
        assertThat(lines).contains("  ML_NUM_THREADS                  default: 4",
                "  ML_BIND                         default: *:5000",
                "  ML_TOTARA_KEY                   required",
                "  ML_EXPORT_DIR                   (not set)",
                "  ML_HISTORY_DB                   default: history.db in ML_LOGS_DIR");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = Main.execute(cmd, args);
        return new Run(code, out.toString(), err.toString());
    }
}
