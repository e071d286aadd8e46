package io.mlservice.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything the running service is configured by, resolved and checked. Built by {@link SettingsLoader} from the
 * command line, the environment ({@code ML_*}), the settings file and the defaults, in that order of precedence.
 * {@code toString()} lists every value by its {@code ML_*} name and never shows the key or the trust store password
 * ({@link Secret}). The {@code with…} copies change one value and check nothing: {@link SettingsLoader} checks.
 *
 * @param totaraUrl          Totara's web root ({@code ML_TOTARA_URL}), no trailing slash; null when only a folder
 *                           source is configured
 * @param totaraKey          the shared key ({@code ML_TOTARA_KEY}); null only when nothing signs (folder source
 *                           and no API key check possible: the loader refuses that for the service)
 * @param modelsDir          {@code ML_MODELS_DIR}, default {@code data/models} or the user's ({@link DataFolders})
 * @param logsDir            {@code ML_LOGS_DIR}, default {@code data/logs} or the user's; never equal to
 *                           {@code modelsDir}
 * @param retrainMinutes     {@code ML_RECOMMENDATION_RETRAIN_FREQ}, default 1440
 * @param retrainAt          {@code ML_RETRAIN_AT} (HH:mm, local time): train daily at that time instead of every
 *                           {@code retrainMinutes}; null for the interval
 * @param threads            {@code ML_NUM_THREADS}, default 4
 * @param algorithm          {@code ML_RECOMMENDATION_ALGORITHM}: {@code mf}, {@code partial}, {@code hybrid}
 * @param bind               {@code ML_BIND}, default {@code *:5000}
 * @param dev                {@code ML_DEV=1}: development mode (any User-Agent accepted)
 * @param exportDir          {@code ML_EXPORT_DIR}: train from this local export folder instead of pulling from
 *                           Totara; null to pull
 * @param coldStart          {@code ML_COLD_START} (default on): unknown users get the tenant's popular items;
 *                           off restores the original's {@code no such user id}
 * @param originalSeenRule   {@code ML_SEEN_RULE=original}: the original's 0.5 × range demotion of seen items
 *                           instead of ranking interacted items last
 * @param maxItems           {@code ML_MAX_ITEMS}: cap on {@code n_items}, default 500
 * @param historyFile        {@code ML_HISTORY_DB}: the SQLite history, default {@code <logsDir>/history.db}
 * @param trustStore         {@code ML_TRUST_STORE}: a PKCS12/JKS trust store for Totara's certificate; null for
 *                           the system's trusted authorities
 * @param trustStorePassword {@code ML_TRUST_STORE_PASSWORD}; null when none
 * @param maxDownloadBytes   {@code ML_MAX_DOWNLOAD_MB} in bytes: the largest export file accepted, default 2 GiB
 */
public record ServiceSettings(
        URI totaraUrl,
        Secret totaraKey,
        Path modelsDir,
        Path logsDir,
        int retrainMinutes,
        LocalTime retrainAt,
        int threads,
        String algorithm,
        BindAddress bind,
        boolean dev,
        Path exportDir,
        boolean coldStart,
        boolean originalSeenRule,
        int maxItems,
        Path historyFile,
        Path trustStore,
        Secret trustStorePassword,
        long maxDownloadBytes) {

    /** The settings file and the environment share these names. */
    public static final String TOTARA_URL = "ML_TOTARA_URL";
    public static final String TOTARA_KEY = "ML_TOTARA_KEY";
    public static final String MODELS_DIR = "ML_MODELS_DIR";
    public static final String LOGS_DIR = "ML_LOGS_DIR";
    public static final String RETRAIN_FREQ = "ML_RECOMMENDATION_RETRAIN_FREQ";
    public static final String RETRAIN_AT = "ML_RETRAIN_AT";
    public static final String NUM_THREADS = "ML_NUM_THREADS";
    public static final String ALGORITHM = "ML_RECOMMENDATION_ALGORITHM";
    public static final String BIND = "ML_BIND";
    public static final String DEV = "ML_DEV";
    public static final String EXPORT_DIR = "ML_EXPORT_DIR";
    public static final String COLD_START = "ML_COLD_START";
    public static final String SEEN_RULE = "ML_SEEN_RULE";
    public static final String MAX_ITEMS = "ML_MAX_ITEMS";
    public static final String HISTORY_DB = "ML_HISTORY_DB";
    public static final String TRUST_STORE = "ML_TRUST_STORE";
    public static final String TRUST_STORE_PASSWORD = "ML_TRUST_STORE_PASSWORD";
    public static final String MAX_DOWNLOAD_MB = "ML_MAX_DOWNLOAD_MB";
    /** Where the settings file is; only from the command line or the environment. */
    public static final String SETTINGS_FILE = "ML_SETTINGS_FILE";

    /** {@code ML_MAX_DOWNLOAD_MB} counts these. */
    static final long MEBIBYTE = 1024L * 1024L;
    /** The history file's name in the logs folder unless {@code ML_HISTORY_DB} says otherwise. */
    static final String HISTORY_FILE_NAME = "history.db";
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");
    private static final String NOT_SET = "(not set)";

    /** Every setting at its default: no Totara URL, no key. */
    public static ServiceSettings defaults() {
        try {
            return SettingsLoader.resolve(Map.<String, String>of());
        } catch (ConfigException e) {
            throw new IllegalStateException("the default settings do not pass their own checks: " + e.getMessage(), e);
        }
    }

    /** Pulls the export from Totara (rather than reading a local folder). */
    public boolean pullsFromTotara() {
        return exportDir == null;
    }

    public ServiceSettings withTotaraUrl(URI value) {
        return new ServiceSettings(value, totaraKey, modelsDir, logsDir, retrainMinutes, retrainAt, threads,
                algorithm, bind, dev, exportDir, coldStart, originalSeenRule, maxItems, historyFile, trustStore,
                trustStorePassword, maxDownloadBytes);
    }

    public ServiceSettings withTotaraKey(Secret value) {
        return new ServiceSettings(totaraUrl, value, modelsDir, logsDir, retrainMinutes, retrainAt, threads,
                algorithm, bind, dev, exportDir, coldStart, originalSeenRule, maxItems, historyFile, trustStore,
                trustStorePassword, maxDownloadBytes);
    }

    public ServiceSettings withModelsDir(Path value) {
        return new ServiceSettings(totaraUrl, totaraKey, value, logsDir, retrainMinutes, retrainAt, threads,
                algorithm, bind, dev, exportDir, coldStart, originalSeenRule, maxItems, historyFile, trustStore,
                trustStorePassword, maxDownloadBytes);
    }

    /** A copy with another logs folder; a history file at its default place moves along with it. */
    public ServiceSettings withLogsDir(Path value) {
        Path history = historyIsDefault() ? value.resolve(HISTORY_FILE_NAME) : historyFile;
        return new ServiceSettings(totaraUrl, totaraKey, modelsDir, value, retrainMinutes, retrainAt, threads,
                algorithm, bind, dev, exportDir, coldStart, originalSeenRule, maxItems, history, trustStore,
                trustStorePassword, maxDownloadBytes);
    }

    public ServiceSettings withRetrainMinutes(int value) {
        return new ServiceSettings(totaraUrl, totaraKey, modelsDir, logsDir, value, retrainAt, threads,
                algorithm, bind, dev, exportDir, coldStart, originalSeenRule, maxItems, historyFile, trustStore,
                trustStorePassword, maxDownloadBytes);
    }

    public ServiceSettings withBind(BindAddress value) {
        return new ServiceSettings(totaraUrl, totaraKey, modelsDir, logsDir, retrainMinutes, retrainAt, threads,
                algorithm, value, dev, exportDir, coldStart, originalSeenRule, maxItems, historyFile, trustStore,
                trustStorePassword, maxDownloadBytes);
    }

    /** A copy that trains from this export folder, or pulls from Totara when {@code value} is null. */
    public ServiceSettings withExportDir(Path value) {
        return new ServiceSettings(totaraUrl, totaraKey, modelsDir, logsDir, retrainMinutes, retrainAt, threads,
                algorithm, bind, dev, value, coldStart, originalSeenRule, maxItems, historyFile, trustStore,
                trustStorePassword, maxDownloadBytes);
    }

    /**
     * The {@code ML_*} text of every value that differs from its default, for saving to the settings file; it
     * holds the secrets themselves, so it is for {@link SettingsFile} only, never for a log or a screen.
     */
    public Map<String, String> toMap() {
        Map<String, String> defaults = defaults().texts(true);
        Map<String, String> changed = new LinkedHashMap<>();
        texts(true).forEach((name, value) -> {
            if (!Objects.equals(defaults.get(name), value)) {
                changed.put(name, value);
            }
        });
        if (historyIsDefault()) {
            changed.remove(HISTORY_DB);
        }
        return changed;
    }

    /** Every value by its {@code ML_*} name, secrets masked. */
    @Override
    public String toString() {
        Map<String, String> shown = texts(false);
        return Arrays.stream(Setting.values())
                .map(s -> s.variable() + "=" + shown.getOrDefault(s.variable(), NOT_SET))
                .collect(Collectors.joining(", ", "ServiceSettings[", "]"));
    }

    private boolean historyIsDefault() {
        return historyFile != null && logsDir != null && historyFile.equals(logsDir.resolve(HISTORY_FILE_NAME));
    }

    /** The text of each value that is set, as the settings file and the environment would spell it. */
    private Map<String, String> texts(boolean revealSecrets) {
        Map<String, String> texts = new LinkedHashMap<>();
        put(texts, TOTARA_URL, totaraUrl);
        put(texts, TOTARA_KEY, totaraKey == null ? null : revealSecrets ? totaraKey.reveal() : totaraKey);
        put(texts, MODELS_DIR, modelsDir);
        put(texts, LOGS_DIR, logsDir);
        put(texts, RETRAIN_FREQ, retrainMinutes);
        put(texts, RETRAIN_AT, retrainAt == null ? null : HOURS_MINUTES.format(retrainAt));
        put(texts, NUM_THREADS, threads);
        put(texts, ALGORITHM, algorithm);
        put(texts, BIND, bind);
        put(texts, DEV, dev ? "1" : null);
        put(texts, EXPORT_DIR, exportDir);
        put(texts, COLD_START, coldStart ? "on" : "off");
        put(texts, SEEN_RULE, originalSeenRule ? "original" : "interacted-last");
        put(texts, MAX_ITEMS, maxItems);
        put(texts, HISTORY_DB, historyFile);
        put(texts, TRUST_STORE, trustStore);
        put(texts, TRUST_STORE_PASSWORD,
                trustStorePassword == null ? null : revealSecrets ? trustStorePassword.reveal() : trustStorePassword);
        // rounded up, so a limit set in bytes by code survives being saved as whole megabytes
        put(texts, MAX_DOWNLOAD_MB, (maxDownloadBytes + MEBIBYTE - 1) / MEBIBYTE);
        return texts;
    }

    private static void put(Map<String, String> texts, String name, Object value) {
        if (value != null) {
            texts.put(name, value.toString());
        }
    }
}
