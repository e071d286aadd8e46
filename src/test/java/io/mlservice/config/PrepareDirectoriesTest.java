package io.mlservice.config;

import io.mlservice.config.ConfigException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class PrepareDirectoriesTest {
    @TempDir
    Path folder;

    @Test
    void createsTheFoldersAndLeavesNoProbeBehind() throws ConfigException, IOException {
        ServiceSettings s = settingsIn(folder.resolve("srv"));

        SettingsLoader.prepareDirectories(s);

        assertThat(s.modelsDir()).isDirectory().isEmptyDirectory();
        assertThat(s.logsDir()).isDirectory().isEmptyDirectory();
        try (Stream<Path> entries = Files.list(folder.resolve("srv"))) {
            assertThat(entries).containsExactlyInAnyOrder(s.modelsDir(), s.logsDir());
        }
    }

    @Test
    void createsTheHistoryFilesFolderWhenItIsElsewhere() throws ConfigException {
        Path history = folder.resolve("db").resolve("history.db");
        ServiceSettings s = withHistory(settingsIn(folder), history);

        SettingsLoader.prepareDirectories(s);

        assertThat(history.getParent()).isDirectory();
        assertThat(history).doesNotExist();
    }

    @Test
    void aFileInTheWayOfAFolderIsNamed() throws IOException, ConfigException {
        Path file = Files.writeString(folder.resolve("plain-file"), "in the way");
        ServiceSettings s = settingsIn(folder).with(Setting.MODELS_DIR, file.resolve("models").toString());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SettingsLoader.prepareDirectories(s));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo(Setting.MODELS_DIR.variable());
            assertThat(p.text()).startsWith("ML_MODELS_DIR " + file.resolve("models") + " cannot be created: ");
        });
    }

    @Test
    void aReadOnlyFolderIsNotWritable() throws IOException, ConfigException {
        assumeThat(Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)).isTrue();
        Path models = Files.createDirectory(folder.resolve("models"));
        Files.setPosixFilePermissions(models, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeThat(Files.isWritable(models)).as("root writes to read-only folders").isFalse();
            ServiceSettings s = settingsIn(folder).with(Setting.MODELS_DIR, models.toString());

            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> SettingsLoader.prepareDirectories(s));

            assertThat(e).hasMessage("ML_MODELS_DIR " + models + " is not writable: Permission denied");
        } finally {
            Files.setPosixFilePermissions(models, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void theExportFolderMustExistAndBeAFolder() throws IOException, ConfigException {
        Path missing = folder.resolve("export");
        Path file = Files.writeString(folder.resolve("export.csv"), "tenants\n");

        ServiceSettings withMissing = settingsIn(folder).with(Setting.EXPORT_DIR, missing.toString());
        ServiceSettings withFile = settingsIn(folder).with(Setting.EXPORT_DIR, file.toString());
        ConfigException absent = catchThrowableOfType(ConfigException.class,
                () -> SettingsLoader.prepareDirectories(withMissing));
        ConfigException notFolder = catchThrowableOfType(ConfigException.class,
                () -> SettingsLoader.prepareDirectories(withFile));

        assertThat(absent).hasMessage("ML_EXPORT_DIR " + missing + " does not exist");
        assertThat(notFolder).hasMessage("ML_EXPORT_DIR " + file + " is not a folder");
    }

    @Test
    void anExistingExportFolderIsAccepted() throws IOException, ConfigException {
        Path export = Files.createDirectory(folder.resolve("export"));

        SettingsLoader.prepareDirectories(settingsIn(folder).with(Setting.EXPORT_DIR, export.toString()));

        assertThat(export).isDirectory();
    }

    @Test
    void everyFolderProblemIsReportedAtOnce() throws IOException, ConfigException {
        Path file = Files.writeString(folder.resolve("plain-file"), "in the way");
        Path historyFolder = Files.createDirectory(folder.resolve("history.db"));
        ServiceSettings s = settingsIn(folder).withChanges(Map.of(Setting.MODELS_DIR, file.resolve("m").toString(),
                Setting.LOGS_DIR, file.resolve("l").toString(), Setting.EXPORT_DIR, folder.resolve("none").toString(),
                Setting.HISTORY_DB, historyFolder.toString()));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SettingsLoader.prepareDirectories(s));

        assertThat(e.problems()).extracting(Problem::setting).containsExactly(Setting.MODELS_DIR.variable(),
                Setting.LOGS_DIR.variable(), Setting.HISTORY_DB.variable(), Setting.EXPORT_DIR.variable());
        assertThat(e.problems().get(2).text()).isEqualTo("ML_HISTORY_DB " + historyFolder
                + " is a folder: it names the history file, e.g. " + historyFolder.resolve("history.db"));
    }

    private static ServiceSettings settingsIn(Path root) throws ConfigException {
        return ServiceSettings.defaults().withChanges(Map.of(Setting.MODELS_DIR, root.resolve("models").toString(),
                Setting.LOGS_DIR, root.resolve("logs").toString()));
    }

    private static ServiceSettings withHistory(ServiceSettings s, Path history) throws ConfigException {
        return s.with(Setting.HISTORY_DB, history.toString());
    }
}
