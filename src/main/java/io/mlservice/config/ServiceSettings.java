package io.mlservice.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;

/**
 * Everything the running service is configured by, resolved and checked. Built by {@link SettingsLoader} from the
 * command line, the environment ({@code ML_*}), the settings file and the defaults, in that order of precedence.
 * {@code toString()} never shows the key or the trust store password ({@link Secret}).
 *
 * @param totaraUrl          Totara's web root ({@code ML_TOTARA_URL}), no trailing slash; null when only a folder
 *                           source is configured
 * @param totaraKey          the shared key ({@code ML_TOTARA_KEY}); null only when nothing signs (folder source
 *                           and no API key check possible: the loader refuses that for the service)
 * @param modelsDir          {@code ML_MODELS_DIR}, default {@code data/models}
 * @param logsDir            {@code ML_LOGS_DIR}, default {@code data/logs}; never equal to {@code modelsDir}
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

    /** Pulls the export from Totara (rather than reading a local folder). */
    public boolean pullsFromTotara() {
        return exportDir == null;
    }
}
