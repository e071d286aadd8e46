package io.mlservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short key and a settings file that others can read while it holds a secret are warned of, never refused. */
class SettingsWarningsTest {
    private static final String SHORT_KEY = "tiny-key-42";
    private static final String LONG_KEY = "a-key-of-sixteen";

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void settingsFile() {
        file = dir.resolve("settings.properties");
    }

    @Test
    void aKeyShorterThanSixteenCharactersIsWarnedOfWithoutShowingIt() throws Exception {
        ServiceSettings settings = SettingsLoader.resolve(Map.of("ML_TOTARA_KEY", SHORT_KEY));

        assertThat(SettingsWarnings.of(settings, file)).singleElement().asString()
                .isEqualTo("ML_TOTARA_KEY is shorter than 16 characters, so it is easier to guess: set a longer"
                        + " random key, here and as $CFG->ml_service_key in Totara's config.php")
                .doesNotContain(SHORT_KEY);
        assertThat(SettingsWarnings.of(SettingsLoader.resolve(Map.of("ML_TOTARA_KEY", LONG_KEY)), file)).isEmpty();
        assertThat(SettingsWarnings.of(ServiceSettings.defaults(), file)).as("no key, nothing to warn of").isEmpty();
    }

    @Test
    void aSettingsFileThatOthersCanReadIsWarnedOfWhenItHoldsASecret() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        new SettingsFile(file).update(Map.of("ML_TOTARA_KEY", LONG_KEY));
        ServiceSettings settings = SettingsLoader.load(Map.of(SettingsFile.VARIABLE, file.toString()), Map.of());

        assertThat(SettingsWarnings.of(settings, file)).as("written owner-only").isEmpty();
        for (String readable : new String[] {"rw-r--r--", "rw-r-----", "rw----r--"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(readable));
            assertThat(SettingsWarnings.of(settings, file)).as(readable).singleElement().asString()
                    .isEqualTo("The settings file " + file + " holds ML_TOTARA_KEY and other users of this computer"
                            + " can read it: make it readable by its owner only, e.g. chmod 600 " + file)
                    .doesNotContain(LONG_KEY);
        }
    }

    @Test
    void aReadableSettingsFileWithoutSecretsOrNoFileAtAllIsNoWarning() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        new SettingsFile(file).update(Map.of("ML_NUM_THREADS", "2"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ServiceSettings settings = SettingsLoader.resolve(Map.of("ML_TOTARA_KEY", LONG_KEY));

        assertThat(SettingsWarnings.of(settings, file)).isEmpty();
        assertThat(SettingsWarnings.of(settings, dir.resolve("missing.properties"))).isEmpty();
    }
}
