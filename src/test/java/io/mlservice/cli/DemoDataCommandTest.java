package io.mlservice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoDataCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    @Test
    void writesTheExportAndSummarisesIt() throws IOException {
        int exit = run("--out", folder.toString(), "--users", "50", "--items", "30", "--interactions", "400",
                "--seed", "3");

        assertThat(exit).isZero();
        assertThat(Files.readString(folder.resolve("tenants.csv"))).isEqualTo("tenants\n0\n");
        assertThat(Files.readAllLines(folder.resolve("user_interactions_0.csv"))).hasSize(401);
        assertThat(Files.readAllLines(folder.resolve("user_data_0.csv"))).hasSize(51);
        assertThat(folder.resolve("item_data_0.csv")).exists();
        assertThat(out.toString()).contains(folder.toString(), "50 users", "30 items", "400 interactions",
                "seed 3");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void writesOneSetOfFilesPerTenant() throws IOException {
        int exit = run("--out", folder.toString(), "--users", "40", "--items", "40", "--interactions", "300",
                "--tenants", "2");

        assertThat(exit).isZero();
        assertThat(Files.readString(folder.resolve("tenants.csv"))).isEqualTo("tenants\n1\n2\n");
        for (String tenant : new String[] {"1", "2"}) {
            assertThat(folder.resolve("user_interactions_" + tenant + ".csv")).exists();
            assertThat(folder.resolve("user_data_" + tenant + ".csv")).exists();
            assertThat(folder.resolve("item_data_" + tenant + ".csv")).exists();
        }
    }

    @Test
    void defaultsToTheSmallPresetAndSeed42() {
        CommandLine line = new CommandLine(new DemoDataCommand());
        line.parseArgs("--out", folder.toString());

        assertThat(line.getCommandSpec().findOption("--interactions").<Integer>getValue()).isEqualTo(10_000);
        assertThat(line.getCommandSpec().findOption("--seed").<Long>getValue()).isEqualTo(42L);
        assertThat(line.getCommandSpec().findOption("--tenants").<Integer>getValue()).isEqualTo(1);
    }

    @Test
    void outIsRequired() {
        assertThat(run("--users", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--out");
    }

    @Test
    void sizesNoTenantCanHaveAreAUsageError() {
        assertThat(run("--out", folder.toString(), "--users", "1", "--tenants", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("every tenant needs a user");
    }

    @Test
    void unwritableFolderFailsWithAMessage() throws IOException {
        Path file = Files.writeString(folder.resolve("not-a-folder"), "x");

        assertThat(run("--out", file.toString(), "--interactions", "10")).isEqualTo(1);
        assertThat(err.toString()).contains("error: could not write the demo export to " + file);
    }

    private int run(String... args) {
        CommandLine line = new CommandLine(new DemoDataCommand());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }
}
