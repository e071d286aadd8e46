package io.mlservice.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the service keeps its files unless the {@code ML_*} settings say otherwise: under {@code data} in the working
 * folder ("portable", for a copy run from its own folder), or in the operating system's places for one user's
 * application data (an installed copy, whose working folder cannot be relied on).
 *
 * @param settingsFile the settings file (the console keeps its lock and window placement beside it)
 * @param modelsDir    the trained models
 * @param logsDir      the logs, the training summary and (by default) the history database
 * @param dataDir      other data: the demo export goes to {@code <dataDir>/demo-export}
 */
public record DataFolders(Path settingsFile, Path modelsDir, Path logsDir, Path dataDir) {
    /** The system property that chooses: {@value #PORTABLE} (also when absent) or {@value #USER}. */
    public static final String PROPERTY = "mlservice.folders";
    public static final String PORTABLE = "portable";
    public static final String USER = "user";

    private static final String SETTINGS_FILE_NAME = "settings.properties";
    /** The folder name on Windows and macOS, where application folders are named for people. */
    private static final String DISPLAY_NAME = "ML Service";
    /** The folder name under the XDG folders, where names are lower case without spaces. */
    private static final String UNIX_NAME = "ml-service";

    /** Relative to the working folder, as a copy run from its own folder (or from the source tree) uses. */
    public static DataFolders portable() {
        Path data = Path.of("data");
        return new DataFolders(data.resolve(SETTINGS_FILE_NAME), data.resolve("models"), data.resolve("logs"), data);
    }

    /**
     * The per-user places of the given operating system. Whether an environment value is absolute is decided by that
     * system's rules, not the running one's, so that every system's answer can be computed (and tested) anywhere.
     *
     * @param osName      as the {@code os.name} property gives it
     * @param environment the environment variables ({@code LOCALAPPDATA}, {@code XDG_*})
     * @param home        the user's home folder
     */
    public static DataFolders forUser(String osName, Map<String, String> environment, Path home) {
        if (osName.startsWith("Windows")) {
            return windows(environment, home);
        }
        if (osName.startsWith("Mac")) {
            return macOs(home);
        }
        return xdg(environment, home);
    }

    /**
     * The folders the system property {@value #PROPERTY} chooses (the installers' launchers set it to {@value #USER}).
     * Read on each call rather than when the class loads, so a bad value is an error message, not a failed start.
     *
     * @throws IllegalArgumentException when the property holds anything else
     */
    public static DataFolders current() {
        String mode = System.getProperty(PROPERTY);
        if (mode == null || mode.equals(PORTABLE)) {
            return portable();
        }
        if (mode.equals(USER)) {
            return forUser(System.getProperty("os.name", ""), System.getenv(),
                    Path.of(System.getProperty("user.home")));
        }
        throw new IllegalArgumentException("the system property " + PROPERTY + "=" + mode + " is not one of "
                + PORTABLE + " (files under data in the working folder) or " + USER
                + " (the operating system's folders for this user)");
    }

    /** %LOCALAPPDATA%: local, not roaming, since models and logs are large and belong to this machine. */
    private static DataFolders windows(Map<String, String> environment, Path home) {
        Path local = environmentFolder(environment, "LOCALAPPDATA", home, DataFolders::windowsAbsolute)
                .orElse(home.resolve("AppData").resolve("Local"));
        Path base = local.resolve(DISPLAY_NAME);
        return new DataFolders(base.resolve(SETTINGS_FILE_NAME), base.resolve("models"), base.resolve("logs"), base);
    }

    private static DataFolders macOs(Path home) {
        Path library = home.resolve("Library");
        Path base = library.resolve("Application Support").resolve(DISPLAY_NAME);
        return new DataFolders(base.resolve(SETTINGS_FILE_NAME), base.resolve("models"),
                library.resolve("Logs").resolve(DISPLAY_NAME), base);
    }

    /** The XDG Base Directory specification: settings are configuration, models data, logs state. */
    private static DataFolders xdg(Map<String, String> environment, Path home) {
        Path config = xdgFolder(environment, "XDG_CONFIG_HOME", home, home.resolve(".config"));
        Path data = xdgFolder(environment, "XDG_DATA_HOME", home, home.resolve(".local").resolve("share"))
                .resolve(UNIX_NAME);
        Path state = xdgFolder(environment, "XDG_STATE_HOME", home, home.resolve(".local").resolve("state"));
        return new DataFolders(config.resolve(UNIX_NAME).resolve(SETTINGS_FILE_NAME), data.resolve("models"),
                state.resolve(UNIX_NAME).resolve("logs"), data);
    }

    /** The specification says a relative path in these variables is invalid and to be ignored. */
    private static Path xdgFolder(Map<String, String> environment, String variable, Path home, Path fallback) {
        return environmentFolder(environment, variable, home, text -> text.startsWith("/")).orElse(fallback);
    }

    /** The variable's folder, on the home folder's file system, when set to an absolute path. */
    private static Optional<Path> environmentFolder(Map<String, String> environment, String variable, Path home,
                                                    Predicate<String> absolute) {
        String text = environment.get(variable);
        if (text == null || text.isBlank() || !absolute.test(text)) {
            return Optional.empty();
        }
        return Optional.of(home.getFileSystem().getPath(text));
    }

    /** {@code C:\...} or {@code C:/...}, or a UNC path {@code \\server\share\...}. */
    private static boolean windowsAbsolute(String text) {
        boolean drive = text.length() >= 3 && Character.isLetter(text.charAt(0)) && text.charAt(1) == ':'
                && (text.charAt(2) == '\\' || text.charAt(2) == '/');
        return drive || text.startsWith("\\\\");
    }
}
