package io.mlservice.cli;

import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelFolder;
import io.mlservice.model.TenantModel;
import io.mlservice.totara.demo.DemoExportGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainsEveryTenantPrintsTheReportAndSavesALoadableModel() throws Exception {
        Path export = dir.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(300, 120, 3000, 2, 5)).write(export);
        Path models = dir.resolve("models");

        Run run = run("train", "--from", export.toString(), "--models-dir", models.toString(), "--threads", "1",
                "--epochs", "5", "--components", "16");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("| tenant | users | items |", "| 1 | 150 | 60 |", "| 2 | 150 | 60 |",
                "held-out AUC", "Saved ");
        Optional<ModelFolder.Saved> saved = new ModelFolder(models, Clock.systemUTC()).newest();
        assertThat(saved).isPresent();
        assertThat(saved.get().stamp().source()).as("the export it was trained from")
                .isEqualTo(export.toAbsolutePath().normalize().toString());
        List<TenantModel> loaded = ModelFile.read(saved.get().file());
        assertThat(loaded).extracting(TenantModel::tenant).containsExactly("1", "2");
        assertThat(loaded.get(0).report().heldOut().auc()).isGreaterThan(0.5);
        assertThat(loaded.get(0).report().chosen().epochs()).isEqualTo(5);
    }

    @Test
    void aBrokenExportIsOneClearLineAndWritesNoModel() throws Exception {
        Path export = dir.resolve("export");
        new DemoExportGenerator(DemoExportGenerator.Spec.toy()).write(export);
        Path interactions = export.resolve("user_interactions_0.csv");
        List<String> lines = Files.readAllLines(interactions, StandardCharsets.UTF_8);
        String[] cells = lines.get(3).split(",");
        cells[2] = "often";
        lines.set(3, String.join(",", cells));
        Files.write(interactions, lines, StandardCharsets.UTF_8);
        Path models = dir.resolve("models");

        Run run = run("train", "--from", export.toString(), "--models-dir", models.toString());

        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("error: ", "user_interactions_0.csv line 4", "rating", "often")
                .doesNotContain("at io.mlservice");
        assertThat(models).doesNotExist();
    }

    @Test
    void aTenantWithTooLittleDataIsReportedNotTrained() throws Exception {
        Path export = dir.resolve("export");
        new DemoExportGenerator(new DemoExportGenerator.Spec(8, 40, 100, 1, 5)).write(export);

        Run run = run("train", "--from", export.toString(), "--models-dir", dir.resolve("m").toString());

        assertThat(run.code).isEqualTo(1);
        assertThat(run.out).contains("The model for tenant 0 is not trained, probably for insufficient data",
                "nothing saved");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        StringWriter err = new StringWriter();
        int code;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            CommandLine cmd = new CommandLine(new Main());
            cmd.setErr(new PrintWriter(err, true));
            code = Main.execute(cmd, args);
        } finally {
            System.setOut(previous);
        }
        return new Run(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
    }
}
