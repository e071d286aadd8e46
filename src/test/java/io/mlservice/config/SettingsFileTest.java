package io.mlservice.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class SettingsFileTest {
    private static final Map<String, String> TRICKY = Map.of(
            "ML_MODELS_DIR", "C:\\ml\\models",
            "ML_TOTARA_KEY", "  leading spaces, = : # ! and a trailing space ",
            "ML_TOTARA_URL", "https://lms.example.org/totara",
            "ML_LOGS_DIR", "/srv/données/logs",
            "ML_RETRAIN_AT", "#02:30",
            "ML_EXPORT_DIR", "line one\nline two\ttab\u0001control",
            "ML_BIND", "*:5000");

    @TempDir
    Path folder;

    @Test
    void aMissingFileHasNoSettings() throws IOException {
        assertThat(new SettingsFile(folder.resolve("absent.properties")).read()).isEmpty();
    }

    @Test
    void writesWhatItReadsBack() throws IOException {
        SettingsFile file = new SettingsFile(folder.resolve("settings.properties"));

        file.write(TRICKY);

        assertThat(file.read()).isEqualTo(TRICKY);
    }

    @Test
    void writesTextThatJavaPropertiesReadsTheSame() throws IOException {
        Path path = folder.resolve("settings.properties");
        new SettingsFile(path).write(TRICKY);

        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(path, StandardCharsets.UTF_8)));

        Map<String, String> loaded = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> loaded.put(name, properties.getProperty(name)));
        assertThat(loaded).isEqualTo(TRICKY);
    }

    @Test
    void writesAHeaderThenTheNamesSorted() throws IOException {
        Path path = folder.resolve("settings.properties");
        new SettingsFile(path).write(Map.of("ML_NUM_THREADS", "8", "ML_BIND", "*:6000", "ML_DEV", "1",
                "ML_EXPORT_DIR", ""));

        List<String> lines = Files.readAllLines(path);

        assertThat(lines.get(0)).startsWith("# ");
        assertThat(lines).filteredOn(l -> !l.startsWith("#"))
                .containsExactly("ML_BIND=*:6000", "ML_DEV=1", "ML_NUM_THREADS=8");
    }

    @Test
    void readsWhatJavaPropertiesReads() throws IOException {
        String text = "\uFEFF# comment\r\n"
                + "! another comment\r\n"
                + "   ML_BIND  =  *:5000  \r\n"
                + "ML_LOGS_DIR:/var/log/\\\r\n"
                + "    ml\n"
                + "ML_MODELS_DIR=\\u0041\\ b\\=\\:\\#\\!\\\\\n"
                + "\n"
                + "ML_EXPORT_DIR=\n";
        Path path = folder.resolve("settings.properties");
        Files.writeString(path, text, StandardCharsets.UTF_8);

        Properties properties = new Properties();
        properties.load(new StringReader(text.substring(1)));

        assertThat(new SettingsFile(path).read())
                .containsEntry("ML_BIND", "*:5000  ")
                .containsEntry("ML_LOGS_DIR", "/var/log/ml")
                .containsEntry("ML_MODELS_DIR", "A b=:#!\\")
                .containsEntry("ML_EXPORT_DIR", "")
                .hasSize(properties.size())
                .allSatisfy((name, value) -> assertThat(properties.getProperty(name)).isEqualTo(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ML_BIND *:5000                 | line 2: expected NAME=value",
            "ML_BIND                        | line 2: expected NAME=value",
            "=5000                          | line 2: the name is missing",
            "ML_MODELS_DIR=C:\\ml\\models   | line 2: a backslash starts an escape .properties does not know"
                    + " in the value of ML_MODELS_DIR",
            "ML_LOGS_DIR=\\u12              | line 2: \\u must be followed by four hexadecimal digits"})
    void namesTheFileAndLineOfAMalformedLine(String line, String problem) throws IOException {
        Path path = folder.resolve("settings.properties");
        Files.writeString(path, "# settings\n" + line + "\n");

        assertThatThrownBy(() -> new SettingsFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Settings file " + path + ", ")
                .hasMessageContaining(problem);
    }

    @Test
    void refusesANameSetTwice() throws IOException {
        Path path = folder.resolve("settings.properties");
        Files.writeString(path, "ML_BIND=*:5000\n\nML_BIND=*:6000\n");

        assertThatThrownBy(() -> new SettingsFile(path).read())
                .hasMessageContaining("line 3: ML_BIND is already set on line 1");
    }

    @Test
    void namesTheLineThatIsNotUtf8() throws IOException {
        Path path = folder.resolve("settings.properties");
        byte[] latin1 = "ML_BIND=*:5000\nML_LOGS_DIR=/srv/donn\u00e9es\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(path, latin1);

        assertThatThrownBy(() -> new SettingsFile(path).read())
                .hasMessageContaining(path + ", line 2: not UTF-8 text");
    }

    @Test
    void neverQuotesAMalformedLine() throws IOException {
        Path path = folder.resolve("settings.properties");
        Files.writeString(path, "ML_TOTARA_KEY s3cret-shared-key\n");

        assertThatThrownBy(() -> new SettingsFile(path).read())
                .hasMessageContaining("line 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void aFolderInPlaceOfTheFileCannotBeRead() throws IOException {
        Path path = Files.createDirectory(folder.resolve("settings.properties"));

        assertThatThrownBy(() -> new SettingsFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Settings file " + path + " cannot be read: ");
    }

    @Test
    void updatesAddChangeAndRemove() throws IOException {
        SettingsFile file = new SettingsFile(folder.resolve("settings.properties"));
        file.write(Map.of("ML_BIND", "*:5000", "ML_DEV", "1", "ML_NUM_THREADS", "4"));

        Map<String, String> changes = new HashMap<>();
        changes.put("ML_BIND", "127.0.0.1:6000");
        changes.put("ML_DEV", null);
        changes.put("ML_NUM_THREADS", "");
        changes.put("ML_MAX_ITEMS", "100");
        file.update(changes);

        assertThat(file.read()).isEqualTo(Map.of("ML_BIND", "127.0.0.1:6000", "ML_MAX_ITEMS", "100"));
    }

    @Test
    void createsTheFolderAndLeavesNoTemporaryFile() throws IOException {
        Path path = folder.resolve("data").resolve("settings.properties");
        SettingsFile file = new SettingsFile(path);

        file.write(Map.of("ML_BIND", "*:5000"));
        file.update(Map.of("ML_DEV", "1"));

        try (Stream<Path> entries = Files.list(path.getParent())) {
            assertThat(entries).containsExactly(path);
        }
    }

    @Test
    void aFailedSaveLeavesNoTemporaryFileAndSaysWhichFile() throws IOException {
        Path path = folder.resolve("settings.properties");
        Files.createDirectory(path);
        Files.writeString(path.resolve("inside"), "keeps the folder non-empty");

        assertThatThrownBy(() -> new SettingsFile(path).write(Map.of("ML_TOTARA_KEY", "s3cret-shared-key")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Settings file " + path + " cannot be written: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        try (Stream<Path> entries = Files.list(folder)) {
            assertThat(entries).containsExactly(path);
        }
    }

    @Test
    void onPosixOnlyTheOwnerMayReadOrWriteIt() throws IOException {
        assumeThat(Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)).isTrue();
        Path path = folder.resolve("settings.properties");
        Files.writeString(path, "ML_BIND=*:5000\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));

        new SettingsFile(path).update(Map.of("ML_TOTARA_KEY", "s3cret-shared-key"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(new SettingsFile(path).read()).containsEntry("ML_BIND", "*:5000");
    }
}
