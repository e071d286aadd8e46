package io.mlservice.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The catalogue of settings the service reads, the one list that loading, checking, the console's labels,
 * {@code --help} and {@code docs/settings.md} come from: each {@code ML_*} name with its label, its default, how its
 * text is read and checked, and a line saying what it does, in the order the console lists them.
 * {@code ML_SETTINGS_FILE} ({@link SettingsFile#VARIABLE}) is not here: it says where the settings file is, so it
 * can only come from the command line or the environment.
 *
 * <p>Defaults and descriptions are written with Markdown code spans ({@code `...`}) for the settings page;
 * {@link #description()} and {@link #documentedDefault()} give them as plain text.
 */
public enum Setting {
    TOTARA_URL("ML_TOTARA_URL", "Totara URL",
            Default.required("required, unless `ML_EXPORT_DIR` is set or `ML_ROLE` is `serve`"),
            SettingReader::webRoot,
            "Totara's web root (`http` or `https`, may have a path), e.g. `https://lms.example.org`"),
    TOTARA_KEY("ML_TOTARA_KEY", "Shared key", Default.required("required"), Secret::of,
            "The shared key: `$CFG->ml_service_key` in Totara's `config.php`"),
    MODELS_DIR("ML_MODELS_DIR", "Models folder", Default.derived("`data/models` (installed: per user)"),
            SettingReader::path, "Model files, and `exports/` (the last two downloaded exports)"),
    LOGS_DIR("ML_LOGS_DIR", "Logs folder", Default.derived("`data/logs` (installed: per user)"),
            SettingReader::path,
            "`train_summary.log`, `ml-service.log`, `history.db`; must differ from `ML_MODELS_DIR`"),
    RETRAIN_FREQ("ML_RECOMMENDATION_RETRAIN_FREQ", "Training interval", Default.of("1440"),
            SettingReader.wholeNumber(1, 525_600, "minutes"), "Minutes between training cycles"),
    RETRAIN_AT("ML_RETRAIN_AT", "Daily training time", Default.notSet(), SettingReader::timeOfDay,
            "`HH:mm`: train daily at that local time instead of every `ML_RECOMMENDATION_RETRAIN_FREQ` minutes"),
    NUM_THREADS("ML_NUM_THREADS", "Training threads", Default.of("4"), SettingReader.wholeNumber(1, 256, null),
            "Training threads"),
    ALGORITHM("ML_RECOMMENDATION_ALGORITHM", "Algorithm", Default.of("hybrid"),
            SettingReader.oneOf("hybrid", "partial", "mf"), "`hybrid`, `partial` or `mf`"),
    BIND("ML_BIND", "Listen address", Default.of("*:5000"), SettingReader::bind,
            "Listen address and port: `*:5000`, `0.0.0.0:5000`, `127.0.0.1:5000`, `[::1]:5000`"),
    DEV("ML_DEV", "Development mode", Default.derived("off"), SettingReader::switchedOn,
            "`1`: development mode, any User-Agent accepted (Totara sends `TotaraBot/1.0`)"),
    EXPORT_DIR("ML_EXPORT_DIR", "Export folder", Default.notSet(), SettingReader::path,
            "Train from this local export folder instead of pulling from Totara (air-gapped sites, demos)"),
    COLD_START("ML_COLD_START", "Cold start", Default.of("on"), SettingReader::onOff,
            "`0`/`off`: an unknown user gets the original's \"no such user id\" instead of the popular items of"
                    + " the type"),
    SEEN_RULE("ML_SEEN_RULE", "Seen items", Default.of("interacted-last"),
            SettingReader.oneOf("interacted-last", "original").andThen("original"::equals),
            "`original`: the original's 0.5 × range demotion of seen items instead of ranking interacted items"
                    + " last"),
    MAX_ITEMS("ML_MAX_ITEMS", "Largest n_items", Default.of("500"), SettingReader.wholeNumber(1, 10_000, null),
            "The most items one answer holds, whatever `n_items` asks"),
    HISTORY_DB("ML_HISTORY_DB", "History database", Default.derived("`history.db` in `ML_LOGS_DIR`"),
            SettingReader::path, "The SQLite history of training cycles and API use"),
    TRUST_STORE("ML_TRUST_STORE", "Trust store", Default.notSet(), SettingReader::existingFile,
            "A PKCS12 or JKS trust store for Totara's certificate (replaces the system's authorities)"),
    TRUST_STORE_PASSWORD("ML_TRUST_STORE_PASSWORD", "Trust store password", Default.notSet(), Secret::of,
            "The password of `ML_TRUST_STORE`"),
    MAX_DOWNLOAD_MB("ML_MAX_DOWNLOAD_MB", "Largest download (MB)", Default.of("2048"),
            SettingReader.wholeNumber(1, 1_048_576, "megabytes").andThen(mb -> mb * ServiceSettings.MEBIBYTE),
            "The largest export file accepted, in MB"),
    METRICS_BIND("ML_METRICS_BIND", "Metrics listen address", Default.notSet(), SettingReader::bind,
            "`host:port` of a separate listener answering `/metrics` (Prometheus) without a signature, e.g."
                    + " `127.0.0.1:9464`; keep it on loopback or a private network; not set: off"),
    MAX_FIELD_MB("ML_MAX_FIELD_MB", "Largest export field (MB)", Default.of("16"),
            SettingReader.wholeNumber(1, 1024, "megabytes").andThen(mb -> mb * ServiceSettings.MEBIBYTE),
            "The largest field of an export file (a user's description, an item's document), in MB"),
    MAX_COLUMNS("ML_MAX_COLUMNS", "Most export columns", Default.of("10000"),
            SettingReader.wholeNumber(1, 1_000_000, null),
            "The most columns an export file may have (item files have one per topic)"),
    MAX_TENANTS("ML_MAX_TENANTS", "Most tenants", Default.of("10000"), SettingReader.wholeNumber(1, 1_000_000, null),
            "The most tenants `tenants.csv` may list"),
    MAX_EXPORT_MB("ML_MAX_EXPORT_MB", "Largest export (MB)", Default.of("20480"),
            SettingReader.wholeNumber(1, 1_048_576, "megabytes").andThen(mb -> mb * ServiceSettings.MEBIBYTE),
            "The largest whole export (every file of every tenant together), in MB"),
    TLS_CERT("ML_TLS_CERT", "TLS certificate", Default.notSet(), SettingReader::existingFile,
            "PEM file of the API's certificate chain, its own certificate first; with `ML_TLS_KEY` the API serves"
                    + " HTTPS only"),
    TLS_KEY("ML_TLS_KEY", "TLS private key", Default.notSet(), SettingReader::existingFile,
            "PEM file of the private key of `ML_TLS_CERT` (PKCS#8, or the older RSA and EC forms), unencrypted"),
    TLS_KEYSTORE("ML_TLS_KEYSTORE", "TLS key store", Default.notSet(), SettingReader::existingFile,
            "Instead of `ML_TLS_CERT` and `ML_TLS_KEY`: a PKCS12 key store holding the private key and its"
                    + " certificate chain"),
    TLS_KEYSTORE_PASSWORD("ML_TLS_KEYSTORE_PASSWORD", "TLS key store password", Default.notSet(), Secret::of,
            "The password of `ML_TLS_KEYSTORE`"),
    EXPORT_POLL_MINUTES("ML_EXPORT_POLL_MINUTES", "Export check (minutes)", Default.of("15"),
            SettingReader.wholeNumber(0, 1440, "minutes"),
            "Minutes between cheap checks for a new export (Totara: `If-Modified-Since`; a folder: its files' times);"
                    + " a new one is trained at once, besides the interval. `0`: off"),
    ROLE("ML_ROLE", "Role", Default.of("train"), SettingReader.oneOf("train", "serve").andThen(Role::of),
            "`train`: train on the schedule and serve; `serve`: a replica that trains nothing and serves the newest"
                    + " model file the trainer writes into the shared `ML_MODELS_DIR`, checked every 2 seconds"),
    FULL_SEARCH_DAYS("ML_FULL_SEARCH_DAYS", "Full search (days)", Default.of("7"),
            SettingReader.wholeNumber(0, 365, "days"),
            "Days after which a cycle runs the full hyper-parameter search again; in between, a cycle retrains the"
                    + " serving model warm (a few epochs) when that ranks the new interactions at least as well. `0`:"
                    + " always the full search"),
    FULL_SEARCH_GROWTH("ML_FULL_SEARCH_GROWTH_PERCENT", "Full search on growth (%)", Default.of("20"),
            SettingReader.wholeNumber(0, 10_000, "percent"),
            "A cycle runs the full search when the interactions grew by more than this percentage since the last"
                    + " one");

    private static final String MASK = "********";
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/?#]*@");

    private final String variable;
    private final String label;
    private final Default defaultValue;
    private final Function<String, ?> reader;
    private final String description;

    Setting(String variable, String label, Default defaultValue, Function<String, ?> reader, String description) {
        this.variable = variable;
        this.label = label;
        this.defaultValue = defaultValue;
        this.reader = reader;
        this.description = description;
    }

    /** The setting whose {@code ML_*} name this is, exactly as spelt. */
    public static Optional<Setting> named(String variable) {
        return Arrays.stream(values()).filter(s -> s.variable.equals(variable)).findFirst();
    }

    /** The {@code ML_*} name, as in the environment and the settings file. */
    public String variable() {
        return variable;
    }

    /** A readable name, e.g. "Listen address", as the console's settings page shows it. */
    public String label() {
        return label;
    }

    /** The default as text, or empty when unset by default (or derived, like the history file). */
    public Optional<String> defaultText() {
        return switch (this) {
            // asked each time: the folders depend on how the program was started (DataFolders)
            case MODELS_DIR -> Optional.of(DataFolders.current().modelsDir().toString());
            case LOGS_DIR -> Optional.of(DataFolders.current().logsDir().toString());
            default -> Optional.ofNullable(defaultValue.text());
        };
    }

    /**
     * The default as an administrator reads it, the same on every machine: the value, how it is found ("`history.db`
     * in `ML_LOGS_DIR`"), "required" or "(not set)"; plain text.
     */
    public String documentedDefault() {
        return plain(defaultValue.documented());
    }

    /** What the setting does, in one line of plain text. */
    public String description() {
        return plain(description);
    }

    /** Holds a secret that no message, log line or screen may show. */
    public boolean secret() {
        return this == TOTARA_KEY || this == TRUST_STORE_PASSWORD || this == TLS_KEYSTORE_PASSWORD;
    }

    /** The value as it may be shown: secrets masked, and a password written into a URL hidden too. */
    public String shown(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (secret()) {
            return MASK;
        }
        if (this == TOTARA_URL) {
            return URL_USER_INFO.matcher(value).replaceFirst("//" + MASK + "@");
        }
        return value;
    }

    /**
     * The typed value of a (trimmed, non-empty) text, as {@link ServiceSettings} holds it.
     *
     * @throws IllegalArgumentException saying what was expected, e.g. "is not one of hybrid, partial, mf"
     */
    Object read(String text) {
        return reader.apply(text);
    }

    /** {@link #documentedDefault()} with its Markdown code spans, for the settings page. */
    String markdownDefault() {
        return defaultValue.documented();
    }

    /** {@link #description()} with its Markdown code spans, for the settings page. */
    String markdownDescription() {
        return description;
    }

    /** Whether the default is the value itself rather than a note ("required", "(not set)"). */
    boolean hasDefault() {
        return defaultValue.kind() != Default.Kind.REQUIRED && defaultValue.kind() != Default.Kind.NOT_SET;
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    /**
     * A setting's default: its text when it has one, and how the settings page writes it.
     *
     * @param text       the text the loader uses when nothing sets the setting; null when none
     * @param documented the default as the settings page writes it (Markdown)
     */
    private record Default(Kind kind, String text, String documented) {
        enum Kind { VALUE, DERIVED, REQUIRED, NOT_SET }

        static Default of(String text) {
            return new Default(Kind.VALUE, text, "`" + text + "`");
        }

        /** Found at start (the folders) or from another setting (the history file), or what unset means. */
        static Default derived(String how) {
            return new Default(Kind.DERIVED, null, how);
        }

        static Default required(String when) {
            return new Default(Kind.REQUIRED, null, when);
        }

        static Default notSet() {
            return new Default(Kind.NOT_SET, null, "(not set)");
        }
    }
}
