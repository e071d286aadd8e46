package io.mlservice.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The catalogue of settings the service reads: each {@code ML_*} name with its default text and a line saying what
 * it does, in the order the console lists them. {@code ML_SETTINGS_FILE} is not here: it says where the settings
 * file is, so it can only come from the command line or the environment.
 */
public enum Setting {
    TOTARA_URL(ServiceSettings.TOTARA_URL, null, "Totara's web root, e.g. https://lms.example.org"),
    TOTARA_KEY(ServiceSettings.TOTARA_KEY, null, "The shared key: $CFG->ml_service_key in Totara's config.php"),
    MODELS_DIR(ServiceSettings.MODELS_DIR, null, "Folder the trained models are saved in"),
    LOGS_DIR(ServiceSettings.LOGS_DIR, null, "Folder for logs and train_summary.log; not the models folder"),
    RETRAIN_FREQ(ServiceSettings.RETRAIN_FREQ, "1440", "Minutes between training cycles"),
    RETRAIN_AT(ServiceSettings.RETRAIN_AT, null, "Train daily at this local time (HH:mm) instead of by interval"),
    NUM_THREADS(ServiceSettings.NUM_THREADS, "4", "Training threads"),
    ALGORITHM(ServiceSettings.ALGORITHM, "hybrid", "hybrid, partial or mf"),
    BIND(ServiceSettings.BIND, "*:5000", "Address and port the API listens on"),
    DEV(ServiceSettings.DEV, null, "1: development mode, any User-Agent is accepted"),
    EXPORT_DIR(ServiceSettings.EXPORT_DIR, null, "Train from this export folder instead of pulling from Totara"),
    COLD_START(ServiceSettings.COLD_START, "on", "Unknown users get popular items; off answers 'no such user id'"),
    SEEN_RULE(ServiceSettings.SEEN_RULE, "interacted-last",
            "interacted-last ranks what a user touched last; original demotes it by half the score range"),
    MAX_ITEMS(ServiceSettings.MAX_ITEMS, "500", "Largest n_items a request gets"),
    HISTORY_DB(ServiceSettings.HISTORY_DB, null,
            "The training history database; default history.db in the logs folder"),
    TRUST_STORE(ServiceSettings.TRUST_STORE, null,
            "PKCS12 or JKS trust store for Totara's certificate; default: the system's authorities"),
    TRUST_STORE_PASSWORD(ServiceSettings.TRUST_STORE_PASSWORD, null, "Password of the trust store"),
    MAX_DOWNLOAD_MB(ServiceSettings.MAX_DOWNLOAD_MB, "2048", "Largest export file accepted, in MB");

    private static final String MASK = "********";
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/?#]*@");

    private final String variable;
    private final String defaultText;
    private final String description;

    Setting(String variable, String defaultText, String description) {
        this.variable = variable;
        this.defaultText = defaultText;
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

    /** The default as text, or empty when unset by default (or derived, like the history file). */
    public Optional<String> defaultText() {
        return switch (this) {
            // asked each time: the folders depend on how the program was started (DataFolders)
            case MODELS_DIR -> Optional.of(DataFolders.current().modelsDir().toString());
            case LOGS_DIR -> Optional.of(DataFolders.current().logsDir().toString());
            default -> Optional.ofNullable(defaultText);
        };
    }

    public String description() {
        return description;
    }

    /** Holds a secret that no message, log line or screen may show. */
    public boolean secret() {
        return this == TOTARA_KEY || this == TRUST_STORE_PASSWORD;
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
}
