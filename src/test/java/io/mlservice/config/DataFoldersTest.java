package io.mlservice.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataFoldersTest {
    /** Absolute on Linux and macOS; on Windows relative to the drive, which is all these pure tests need. */
    private static final Path HOME = Path.of("/home/ann");

    @Test
    void portableIsTheDataFolderInTheWorkingFolder() {
        assertThat(DataFolders.portable()).isEqualTo(new DataFolders(Path.of("data", "settings.properties"),
                Path.of("data", "models"), Path.of("data", "logs"), Path.of("data")));
    }

    @Test
    void windowsUsesLocalAppData() {
        String local = "C:\\Users\\ann\\AppData\\Local";
        Path base = Path.of(local).resolve("ML Service");

        DataFolders folders = DataFolders.forUser("Windows 11", Map.of("LOCALAPPDATA", local), HOME);

        assertThat(folders).isEqualTo(new DataFolders(base.resolve("settings.properties"), base.resolve("models"),
                base.resolve("logs"), base));
    }

    @Test
    void windowsAcceptsAForwardSlashAfterTheDriveAndANetworkShare() {
        for (String local : List.of("D:/profiles/ann/Local", "\\\\server\\profiles\\ann\\Local")) {
            assertThat(DataFolders.forUser("Windows Server 2022", Map.of("LOCALAPPDATA", local), HOME).dataDir())
                    .isEqualTo(Path.of(local).resolve("ML Service"));
        }
    }

    @Test
    void windowsWithoutAnAbsoluteLocalAppDataUsesTheHomeFolder() {
        Path base = HOME.resolve("AppData").resolve("Local").resolve("ML Service");
        DataFolders expected = new DataFolders(base.resolve("settings.properties"), base.resolve("models"),
                base.resolve("logs"), base);

        assertThat(DataFolders.forUser("Windows 10", Map.of(), HOME)).isEqualTo(expected);
        for (String local : List.of("", "  ", "AppData\\Local", "C:relative", "/no/drive")) {
            assertThat(DataFolders.forUser("Windows 10", Map.of("LOCALAPPDATA", local), HOME)).as(local)
                    .isEqualTo(expected);
        }
    }

    @Test
    void macOsUsesApplicationSupportAndTheLogsLibrary() {
        Path base = HOME.resolve("Library").resolve("Application Support").resolve("ML Service");

        DataFolders folders = DataFolders.forUser("Mac OS X", Map.of("XDG_CONFIG_HOME", "/ignored"), HOME);

        assertThat(folders).isEqualTo(new DataFolders(base.resolve("settings.properties"), base.resolve("models"),
                HOME.resolve("Library").resolve("Logs").resolve("ML Service"), base));
    }

    @Test
    void linuxWithoutXdgVariablesUsesTheirDefaultsUnderHome() {
        Path data = HOME.resolve(".local").resolve("share").resolve("ml-service");

        DataFolders folders = DataFolders.forUser("Linux", Map.of("LOCALAPPDATA", "C:\\ignored"), HOME);

        assertThat(folders).isEqualTo(new DataFolders(
                HOME.resolve(".config").resolve("ml-service").resolve("settings.properties"),
                data.resolve("models"),
                HOME.resolve(".local").resolve("state").resolve("ml-service").resolve("logs"),
                data));
    }

    @Test
    void linuxFollowsAbsoluteXdgVariables() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/xdg/config", "XDG_DATA_HOME", "/xdg/data",
                "XDG_STATE_HOME", "/xdg/state");

        DataFolders folders = DataFolders.forUser("Linux", env, HOME);

        assertThat(folders).isEqualTo(new DataFolders(
                Path.of("/xdg/config").resolve("ml-service").resolve("settings.properties"),
                Path.of("/xdg/data").resolve("ml-service").resolve("models"),
                Path.of("/xdg/state").resolve("ml-service").resolve("logs"),
                Path.of("/xdg/data").resolve("ml-service")));
    }

    @Test
    void relativeOrEmptyXdgVariablesAreIgnoredAsTheSpecificationSays() {
        DataFolders defaults = DataFolders.forUser("Linux", Map.of(), HOME);
        for (String value : List.of("", " ", "relative/config", "./here", "~/.config")) {
            Map<String, String> env = Map.of("XDG_CONFIG_HOME", value, "XDG_DATA_HOME", value,
                    "XDG_STATE_HOME", value);
            assertThat(DataFolders.forUser("Linux", env, HOME)).as("'%s'", value).isEqualTo(defaults);
        }
    }

    @Test
    void otherUnixesFollowXdgToo() {
        Map<String, String> env = Map.of("XDG_DATA_HOME", "/srv/share");

        assertThat(DataFolders.forUser("FreeBSD", env, HOME).modelsDir())
                .isEqualTo(Path.of("/srv/share").resolve("ml-service").resolve("models"));
        assertThat(DataFolders.forUser("", Map.of(), HOME)).isEqualTo(DataFolders.forUser("Linux", Map.of(), HOME));
    }

    @Test
    void modelsAndLogsAreApartOnEverySystem() {
        for (String os : List.of("Windows 11", "Mac OS X", "Linux")) {
            DataFolders f = DataFolders.forUser(os, Map.of(), HOME);
            assertThat(f.modelsDir()).as(os).isNotEqualTo(f.logsDir());
            assertThat(f.modelsDir().startsWith(f.dataDir())).as(os).isTrue();
        }
    }

    @Test
    void withoutThePropertyTheFoldersArePortable() throws Exception {
        assertThat(withProperty(null, DataFolders::current)).isEqualTo(DataFolders.portable());
        assertThat(withProperty("portable", DataFolders::current)).isEqualTo(DataFolders.portable());
    }

    @Test
    void userChoosesThisSystemsFoldersForThisUser() throws Exception {
        DataFolders expected = DataFolders.forUser(System.getProperty("os.name"), System.getenv(),
                Path.of(System.getProperty("user.home")));

        assertThat(withProperty("user", DataFolders::current)).isEqualTo(expected);
    }

    @Test
    void anyOtherValueIsAnErrorNamingThePropertyAndTheChoices() {
        assertThatThrownBy(() -> withProperty("User", DataFolders::current))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mlservice.folders=User")
                .hasMessageContaining("portable")
                .hasMessageContaining("user");
    }

    @Test
    void theDefaultsOfTheSettingsFollowTheProperty() throws Exception {
        DataFolders user = withProperty("user", DataFolders::current);
        ServiceSettings defaults = withProperty("user", ServiceSettings::defaults);

        assertThat(defaults.modelsDir()).isEqualTo(user.modelsDir());
        assertThat(defaults.logsDir()).isEqualTo(user.logsDir());
        assertThat(defaults.historyFile()).isEqualTo(user.logsDir().resolve("history.db"));
        assertThat(withProperty("user", SettingsLoader::defaultSettingsFile)).isEqualTo(user.settingsFile());
        assertThat(withProperty("user", () -> Setting.MODELS_DIR.defaultText()))
                .contains(user.modelsDir().toString());
        assertThat(withProperty(null, () -> Setting.LOGS_DIR.defaultText()))
                .contains(Path.of("data", "logs").toString());
    }

    /** Sets the property only while the action runs (tests share the JVM), then restores it. */
    private static <T> T withProperty(String value, Callable<T> action) throws Exception {
        String before = System.getProperty(DataFolders.PROPERTY);
        set(value);
        try {
            return action.call();
        } finally {
            set(before);
        }
    }

    private static void set(String value) {
        if (value == null) {
            System.clearProperty(DataFolders.PROPERTY);
        } else {
            System.setProperty(DataFolders.PROPERTY, value);
        }
    }
}
