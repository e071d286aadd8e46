package io.mlservice.config;

import io.mlservice.config.ConfigException.Problem;
import io.mlservice.config.ResolvedSetting.Origin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds checked {@link ServiceSettings} from, strongest first, the command line, the environment, the settings
 * file and the defaults. Names are the {@code ML_*} variables everywhere; an empty value counts as unset, so the
 * next layer decides. Every problem found is reported at once in one {@link ConfigException}.
 */
public final class SettingsLoader {
    private SettingsLoader() {
    }

    /**
     * Where the settings file is when {@code ML_SETTINGS_FILE} does not say: relative to the working folder, or in
     * the user's settings folder ({@link DataFolders#current()}).
     */
    public static Path defaultSettingsFile() {
        return DataFolders.current().settingsFile();
    }

    /** The settings file: {@code ML_SETTINGS_FILE} from the command line, else the environment, else the default. */
    public static Path settingsFile(Map<String, String> commandLine, Map<String, String> environment)
            throws ConfigException {
        return chooseSettingsFile(commandLine, environment).path();
    }

    /** Reads the settings file and resolves and checks every setting; what the service calls at start-up. */
    public static ServiceSettings load(Map<String, String> commandLine, Map<String, String> environment)
            throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        Layers layers = layers(commandLine, environment, problems);
        unknownNames(commandLine, Origin.COMMAND_LINE.label(), problems);
        unknownNames(layers.file(), layers.fileLabel(), problems);
        if (layers.file().containsKey(SettingsFile.VARIABLE)) {
            problems.add(new Problem(SettingsFile.VARIABLE, SettingsFile.VARIABLE + " ("
                    + layers.fileLabel() + ") cannot be set in the settings file: set it on the command line or in"
                    + " the environment"));
        }
        List<ResolvedSetting> merged = merge(commandLine, environment, layers.file());
        return resolve(merged, origin -> origin == Origin.SETTINGS_FILE ? layers.fileLabel() : origin.label(),
                problems);
    }

    /**
     * Every setting with its text and origin, for the console to show where each value comes from.
     *
     * @throws ConfigException when the settings file cannot be read
     */
    public static List<ResolvedSetting> sources(Map<String, String> commandLine, Map<String, String> environment)
            throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        Layers layers = layers(commandLine, environment, problems);
        throwIfAny(problems);
        return merge(commandLine, environment, layers.file());
    }

    /**
     * Layers the three sources over the defaults: one entry per {@link Setting}, in its order. Names that are not
     * settings are left out (the environment holds many); {@link #load} reports unknown names of the command line
     * and the file. The default of {@code ML_HISTORY_DB} follows the chosen logs folder.
     */
    public static List<ResolvedSetting> merge(Map<String, String> commandLine, Map<String, String> environment,
                                              Map<String, String> settingsFile) {
        List<ResolvedSetting> layered = new ArrayList<>();
        for (Setting s : Setting.values()) {
            layered.add(firstSet(s, commandLine, Origin.COMMAND_LINE)
                    .or(() -> firstSet(s, environment, Origin.ENVIRONMENT))
                    .or(() -> firstSet(s, settingsFile, Origin.SETTINGS_FILE))
                    .orElse(new ResolvedSetting(s, "", Origin.DEFAULT)));
        }
        return withDefaults(layered);
    }

    /**
     * Resolves an already merged map of {@code ML_*} texts (unset names take their defaults), e.g. the values a
     * console form is about to save. Messages leave the origin out.
     */
    public static ServiceSettings resolve(Map<String, String> values) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        unknownNames(values, null, problems);
        return resolve(merge(Map.of(), Map.of(), values), origin -> origin == Origin.DEFAULT ? "default" : null,
                problems);
    }

    /**
     * Resolves settings as {@link #merge} or {@link #sources} gave them, perhaps edited; missing, unset and
     * {@link Origin#DEFAULT} entries take the defaults.
     */
    public static ServiceSettings resolve(List<ResolvedSetting> settings) throws ConfigException {
        return resolve(withDefaults(settings), Origin::label, new ArrayList<>());
    }

    /** What the service needs beyond valid settings: the shared key, and Totara's URL unless it reads a folder. */
    public static void requireServiceReady(ServiceSettings s) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        if (s.totaraKey() == null) {
            problems.add(new Problem(Setting.TOTARA_KEY.variable(), Setting.TOTARA_KEY.variable()
                    + " is not set: set it to the value of $CFG->ml_service_key in Totara's config.php"));
        }
        // A replica fetches no export: it serves what the trainer writes.
        if (s.trains() && s.totaraUrl() == null && s.exportDir() == null) {
            problems.add(new Problem(Setting.TOTARA_URL.variable(), Setting.TOTARA_URL.variable()
                    + " is not set: set it to Totara's web root, e.g. https://lms.example.org (or set "
                    + Setting.EXPORT_DIR.variable() + " to train from a local export folder)"));
        }
        throwIfAny(problems);
    }

    /**
     * Creates the models and logs folders and the history file's folder and checks that the service can write in
     * them (by creating and deleting a probe file); checks that the export folder, if set, can be read.
     */
    public static void prepareDirectories(ServiceSettings s) throws ConfigException {
        throwIfAny(WorkingFolders.prepare(s));
    }

    private static ServiceSettings resolve(List<ResolvedSetting> settings, Function<Origin, String> where,
                                           List<Problem> problems) throws ConfigException {
        SettingReader r = new SettingReader(settings, where, problems);
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, r.read(s));
        }
        checkApart(r, (Path) values.get(Setting.MODELS_DIR), (Path) values.get(Setting.LOGS_DIR));
        if (r.text(Setting.TRUST_STORE_PASSWORD) != null && r.text(Setting.TRUST_STORE) == null) {
            r.problem(Setting.TRUST_STORE_PASSWORD, r.describe(Setting.TRUST_STORE_PASSWORD) + " is set but "
                    + Setting.TRUST_STORE.variable() + " is not: set it to the trust store file the password opens");
        }
        checkTls(r, values);
        throwIfAny(problems);
        return ServiceSettings.of(values);
    }

    private static void checkApart(SettingReader r, Path models, Path logs) {
        if (models != null && logs != null && WorkingFolders.sameFolder(models, logs)) {
            r.problem(Setting.LOGS_DIR, r.describe(Setting.MODELS_DIR) + " and " + r.describe(Setting.LOGS_DIR)
                    + " are the same folder (" + models.toAbsolutePath().normalize()
                    + "): models and logs need different folders");
        }
    }

    /**
     * The PEM files come as a pair, or a key store instead, and whatever is set must serve: read now, so that a
     * start or the console's check names the file instead of the API failing to start.
     */
    private static void checkTls(SettingReader r, Map<Setting, Object> values) {
        int before = r.problemCount();
        boolean cert = r.text(Setting.TLS_CERT) != null;
        boolean key = r.text(Setting.TLS_KEY) != null;
        boolean store = r.text(Setting.TLS_KEYSTORE) != null;
        if (cert != key) {
            Setting set = cert ? Setting.TLS_CERT : Setting.TLS_KEY;
            Setting missing = cert ? Setting.TLS_KEY : Setting.TLS_CERT;
            r.problem(missing, r.describe(set) + " is set but " + missing.variable() + " is not: set both, the"
                    + " certificate chain and its private key, or neither");
        }
        if (store && (cert || key)) {
            r.problem(Setting.TLS_KEYSTORE, r.describe(Setting.TLS_KEYSTORE) + " is set as well as "
                    + (cert ? Setting.TLS_CERT : Setting.TLS_KEY).variable() + ": use either the PEM files or the"
                    + " key store");
        }
        if (r.text(Setting.TLS_KEYSTORE_PASSWORD) != null && !store) {
            r.problem(Setting.TLS_KEYSTORE_PASSWORD, r.describe(Setting.TLS_KEYSTORE_PASSWORD) + " is set but "
                    + Setting.TLS_KEYSTORE.variable() + " is not: set it to the key store file the password opens");
        }
        Path certificate = (Path) values.get(Setting.TLS_CERT);
        Path privateKey = (Path) values.get(Setting.TLS_KEY);
        Path keyStore = (Path) values.get(Setting.TLS_KEYSTORE);
        boolean readable = store ? keyStore != null : cert && certificate != null && privateKey != null;
        if (r.problemCount() > before || !readable) {
            return; // nothing to read, or a problem already said (a file that does not exist)
        }
        TlsFiles files = store ? TlsFiles.keyStore(keyStore, (Secret) values.get(Setting.TLS_KEYSTORE_PASSWORD))
                : TlsFiles.pem(certificate, privateKey);
        try {
            files.read();
        } catch (TlsFileException e) {
            r.problem(e.setting(), r.describe(e.setting()) + " " + e.reason());
        }
    }

    private static Optional<ResolvedSetting> firstSet(Setting s, Map<String, String> layer, Origin origin) {
        String value = layer.get(s.variable());
        return value == null || value.isBlank() ? Optional.empty()
                : Optional.of(new ResolvedSetting(s, value, origin));
    }

    /**
     * One entry per setting in catalogue order; a missing, unset or default one gets its default anew, so a derived
     * default follows an edited list (the history file, the logs folder).
     */
    private static List<ResolvedSetting> withDefaults(List<ResolvedSetting> settings) {
        ResolvedSetting[] bySetting = new ResolvedSetting[Setting.values().length];
        for (ResolvedSetting r : settings) {
            if (r.isSet() && r.origin() != Origin.DEFAULT) {
                bySetting[r.setting().ordinal()] = r;
            }
        }
        for (Setting s : Setting.values()) {
            if (bySetting[s.ordinal()] == null) {
                bySetting[s.ordinal()] = new ResolvedSetting(s, defaultText(s, bySetting), Origin.DEFAULT);
            }
        }
        return List.of(bySetting);
    }

    /** The default text; the history file's lies in the logs folder, which comes earlier in the catalogue. */
    private static String defaultText(Setting s, ResolvedSetting[] earlier) {
        if (s != Setting.HISTORY_DB) {
            return s.defaultText().orElse("");
        }
        try {
            Path logs = Path.of(earlier[Setting.LOGS_DIR.ordinal()].value());
            return logs.resolve(ServiceSettings.HISTORY_FILE_NAME).toString();
        } catch (InvalidPathException e) {
            return "";
        }
    }

    private static Layers layers(Map<String, String> commandLine, Map<String, String> environment,
                                 List<Problem> problems) {
        ChosenFile chosen;
        try {
            chosen = chooseSettingsFile(commandLine, environment);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return new Layers(Origin.SETTINGS_FILE.label(), Map.of());
        }
        String label = Origin.SETTINGS_FILE.label() + " " + chosen.path();
        return new Layers(label, readSettingsFile(chosen, problems));
    }

    private static ChosenFile chooseSettingsFile(Map<String, String> commandLine, Map<String, String> environment)
            throws ConfigException {
        for (Map.Entry<Origin, Map<String, String>> layer : List.of(Map.entry(Origin.COMMAND_LINE, commandLine),
                Map.entry(Origin.ENVIRONMENT, environment))) {
            String text = layer.getValue().get(SettingsFile.VARIABLE);
            if (text != null && !text.isBlank()) {
                try {
                    return new ChosenFile(Path.of(text.trim()), layer.getKey());
                } catch (InvalidPathException e) {
                    throw new ConfigException(SettingsFile.VARIABLE, SettingsFile.VARIABLE + "="
                            + text.trim() + " (" + layer.getKey().label() + ") is not a valid path: " + e.getReason());
                }
            }
        }
        return new ChosenFile(defaultSettingsFile(), Origin.DEFAULT);
    }

    /** A missing file at the default place is no settings; a file named explicitly has to exist. */
    private static Map<String, String> readSettingsFile(ChosenFile chosen, List<Problem> problems) {
        String name = SettingsFile.VARIABLE;
        if (chosen.origin() != Origin.DEFAULT && !Files.exists(chosen.path())) {
            problems.add(new Problem(name, name + "=" + chosen.path() + " (" + chosen.origin().label()
                    + ") does not exist (" + chosen.path().toAbsolutePath() + ")"));
            return Map.of();
        }
        try {
            return new SettingsFile(chosen.path()).read();
        } catch (IOException e) {
            problems.add(new Problem(name, e.getMessage()));
            return Map.of();
        }
    }

    /** Names that are no setting; the settings file's own location is not one but may be given. */
    private static void unknownNames(Map<String, String> layer, String label, List<Problem> problems) {
        for (String name : layer.keySet().stream().sorted().toList()) {
            if (!name.equals(SettingsFile.VARIABLE) && Setting.named(name).isEmpty()) {
                problems.add(new Problem(name, name + (label == null ? "" : " (" + label + ")")
                        + " is not a known setting" + suggestion(name)));
            }
        }
    }

    /**
     * A known name spelt nearly the same or ending in the given one's words ({@code ML_THREADS}), since a typo would
     * otherwise leave the default in place without a word.
     */
    private static String suggestion(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String words = upper.startsWith("ML_") ? upper.substring(3) : upper;
        return Arrays.stream(Setting.values())
                .map(Setting::variable)
                .min(Comparator.comparingInt(known -> editDistance(upper, known)))
                // a short name must be nearer: ML_PORT is three letters from ML_ROLE, and not a typo of it
                .filter(known -> editDistance(upper, known) <= Math.min(3, words.length() / 3))
                .or(() -> Arrays.stream(Setting.values()).map(Setting::variable)
                        .filter(known -> words.length() >= 4
                                && (known.endsWith("_" + words) || known.contains("_" + words + "_")))
                        .findFirst())
                .map(known -> "; did you mean " + known + "?")
                .orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static void throwIfAny(List<Problem> problems) throws ConfigException {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** The settings file's values and how messages name it. */
    private record Layers(String fileLabel, Map<String, String> file) {
    }

    private record ChosenFile(Path path, Origin origin) {
    }
}
