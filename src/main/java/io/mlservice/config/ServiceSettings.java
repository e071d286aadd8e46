package io.mlservice.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the running service is configured by, resolved and checked. Built by {@link SettingsLoader} from the
 * command line, the environment ({@code ML_*}), the settings file and the defaults, in that order of precedence.
 * {@code toString()} lists every value by its {@code ML_*} name and never shows the key or the trust store password
 * ({@link Secret}). Copies with other values are made from texts ({@link #with}, {@link #withChanges}), read and
 * checked by the catalogue ({@link Setting}) as at a start.
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
 * @param metricsBind        {@code ML_METRICS_BIND}: where the operator's {@code /metrics} listener binds; null: off
 * @param maxFieldBytes      {@code ML_MAX_FIELD_MB} in bytes (counted as characters): the largest export field
 * @param maxColumns         {@code ML_MAX_COLUMNS}: the most columns an export file may have
 * @param maxTenants         {@code ML_MAX_TENANTS}: the most tenants an export may list
 * @param maxExportBytes     {@code ML_MAX_EXPORT_MB} in bytes: the largest whole export
 * @param tlsCertificate     {@code ML_TLS_CERT}: the API's certificate chain as PEM; null when not set
 * @param tlsKey             {@code ML_TLS_KEY}: its private key as PEM; null when not set
 * @param tlsKeyStore        {@code ML_TLS_KEYSTORE}: a PKCS12 key store instead of the PEM files; null when not set
 * @param tlsKeyStorePassword {@code ML_TLS_KEYSTORE_PASSWORD}; null when none
 * @param exportPollMinutes  {@code ML_EXPORT_POLL_MINUTES}: minutes between checks for a new export, default 15;
 *                           0 for none
 * @param role               {@code ML_ROLE}: train (default) or only serve the trainer's files (a replica)
 * @param fullSearchDays     {@code ML_FULL_SEARCH_DAYS}: days between full searches, warm retrains in between;
 *                           0 for a full search every cycle
 * @param fullSearchGrowthPercent {@code ML_FULL_SEARCH_GROWTH_PERCENT}: growth of the interactions since the last
 *                           full search beyond which a cycle runs a full one
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
        long maxDownloadBytes,
        BindAddress metricsBind,
        long maxFieldBytes,
        int maxColumns,
        int maxTenants,
        long maxExportBytes,
        Path tlsCertificate,
        Path tlsKey,
        Path tlsKeyStore,
        Secret tlsKeyStorePassword,
        int exportPollMinutes,
        Role role,
        int fullSearchDays,
        int fullSearchGrowthPercent) {

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

    /**
     * Where the API's TLS certificate comes from; empty when the API serves plain HTTP (the PEM files and the key
     * store are each complete or absent: the loader checks that).
     */
    public Optional<TlsFiles> tls() {
        if (tlsKeyStore != null) {
            return Optional.of(TlsFiles.keyStore(tlsKeyStore, tlsKeyStorePassword));
        }
        if (tlsCertificate != null && tlsKey != null) {
            return Optional.of(TlsFiles.pem(tlsCertificate, tlsKey));
        }
        return Optional.empty();
    }

    /** Trains on the schedule (rather than only serving the trainer's model files, as a replica). */
    public boolean trains() {
        return role == Role.TRAIN;
    }

    /** Pulls the export from Totara (rather than reading a local folder). */
    public boolean pullsFromTotara() {
        return exportDir == null;
    }

    /**
     * A copy with one setting changed, given as its text as the settings file spells it (null or blank: unset, so
     * its default); read and checked as {@link #withChanges} does.
     */
    public ServiceSettings with(Setting setting, String text) throws ConfigException {
        Map<Setting, String> change = new EnumMap<>(Setting.class);
        change.put(setting, text);
        return withChanges(change);
    }

    /**
     * A copy with these settings changed, each given as its text as the settings file spells it (null or blank:
     * unset, so its default). The copy is read and checked from the texts as a start reads them, every problem at
     * once; folders are neither created nor probed ({@link SettingsLoader#prepareDirectories} does that). A history
     * file at its default place moves with the logs folder.
     */
    public ServiceSettings withChanges(Map<Setting, String> changes) throws ConfigException {
        Map<String, String> texts = new LinkedHashMap<>(toMap());
        changes.forEach((setting, text) -> {
            if (text == null || text.isBlank()) {
                texts.remove(setting.variable());
            } else {
                texts.put(setting.variable(), text);
            }
        });
        return SettingsLoader.resolve(texts);
    }

    /**
     * The texts of these settings as the settings file spells them, null for an unset one, e.g. to carry them into
     * another copy with {@link #withChanges}. A secret's text is the secret itself: never for a log or a screen.
     */
    public Map<Setting, String> textsOf(Setting... settings) {
        Map<Setting, String> texts = new EnumMap<>(Setting.class);
        for (Setting s : settings) {
            texts.put(s, text(s, true));
        }
        return texts;
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
            changed.remove(Setting.HISTORY_DB.variable());
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

    /**
     * Settings from typed values, as {@link Setting#read} gives them; an unset (null) switch is off. What the loader
     * builds once every value has passed its checks.
     */
    static ServiceSettings of(Map<Setting, Object> values) {
        return new ServiceSettings(
                (URI) values.get(Setting.TOTARA_URL),
                (Secret) values.get(Setting.TOTARA_KEY),
                (Path) values.get(Setting.MODELS_DIR),
                (Path) values.get(Setting.LOGS_DIR),
                (Integer) values.get(Setting.RETRAIN_FREQ),
                (LocalTime) values.get(Setting.RETRAIN_AT),
                (Integer) values.get(Setting.NUM_THREADS),
                (String) values.get(Setting.ALGORITHM),
                (BindAddress) values.get(Setting.BIND),
                Boolean.TRUE.equals(values.get(Setting.DEV)),
                (Path) values.get(Setting.EXPORT_DIR),
                (Boolean) values.get(Setting.COLD_START),
                Boolean.TRUE.equals(values.get(Setting.SEEN_RULE)),
                (Integer) values.get(Setting.MAX_ITEMS),
                (Path) values.get(Setting.HISTORY_DB),
                (Path) values.get(Setting.TRUST_STORE),
                (Secret) values.get(Setting.TRUST_STORE_PASSWORD),
                (Long) values.get(Setting.MAX_DOWNLOAD_MB),
                (BindAddress) values.get(Setting.METRICS_BIND),
                (Long) values.get(Setting.MAX_FIELD_MB),
                (Integer) values.get(Setting.MAX_COLUMNS),
                (Integer) values.get(Setting.MAX_TENANTS),
                (Long) values.get(Setting.MAX_EXPORT_MB),
                (Path) values.get(Setting.TLS_CERT),
                (Path) values.get(Setting.TLS_KEY),
                (Path) values.get(Setting.TLS_KEYSTORE),
                (Secret) values.get(Setting.TLS_KEYSTORE_PASSWORD),
                (Integer) values.get(Setting.EXPORT_POLL_MINUTES),
                (Role) values.get(Setting.ROLE),
                (Integer) values.get(Setting.FULL_SEARCH_DAYS),
                (Integer) values.get(Setting.FULL_SEARCH_GROWTH));
    }

    private boolean historyIsDefault() {
        return historyFile != null && logsDir != null && historyFile.equals(logsDir.resolve(HISTORY_FILE_NAME));
    }

    /** The text of each value that is set, as the settings file and the environment would spell it. */
    private Map<String, String> texts(boolean revealSecrets) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String text = text(s, revealSecrets);
            if (text != null) {
                texts.put(s.variable(), text);
            }
        }
        return texts;
    }

    /** One value as {@link Setting#read} would read it back; null when unset. */
    private String text(Setting s, boolean revealSecrets) {
        return switch (s) {
            case TOTARA_URL -> string(totaraUrl);
            case TOTARA_KEY -> secret(totaraKey, revealSecrets);
            case MODELS_DIR -> string(modelsDir);
            case LOGS_DIR -> string(logsDir);
            case RETRAIN_FREQ -> String.valueOf(retrainMinutes);
            case RETRAIN_AT -> retrainAt == null ? null : HOURS_MINUTES.format(retrainAt);
            case NUM_THREADS -> String.valueOf(threads);
            case ALGORITHM -> algorithm;
            case BIND -> string(bind);
            case DEV -> dev ? "1" : null;
            case EXPORT_DIR -> string(exportDir);
            case COLD_START -> coldStart ? "on" : "off";
            case SEEN_RULE -> originalSeenRule ? "original" : "interacted-last";
            case MAX_ITEMS -> String.valueOf(maxItems);
            case HISTORY_DB -> string(historyFile);
            case TRUST_STORE -> string(trustStore);
            case TRUST_STORE_PASSWORD -> secret(trustStorePassword, revealSecrets);
            case MAX_DOWNLOAD_MB -> megabytes(maxDownloadBytes);
            case MAX_FIELD_MB -> megabytes(maxFieldBytes);
            case MAX_COLUMNS -> String.valueOf(maxColumns);
            case MAX_TENANTS -> String.valueOf(maxTenants);
            case MAX_EXPORT_MB -> megabytes(maxExportBytes);
            case TLS_CERT -> string(tlsCertificate);
            case TLS_KEY -> string(tlsKey);
            case TLS_KEYSTORE -> string(tlsKeyStore);
            case TLS_KEYSTORE_PASSWORD -> secret(tlsKeyStorePassword, revealSecrets);
            case METRICS_BIND -> string(metricsBind);
            case EXPORT_POLL_MINUTES -> String.valueOf(exportPollMinutes);
            case ROLE -> role.id();
            case FULL_SEARCH_DAYS -> String.valueOf(fullSearchDays);
            case FULL_SEARCH_GROWTH -> String.valueOf(fullSearchGrowthPercent);
        };
    }

    /** Rounded up, so a limit set in bytes by code survives being saved as whole megabytes. */
    private static String megabytes(long bytes) {
        return String.valueOf((bytes + MEBIBYTE - 1) / MEBIBYTE);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static String secret(Secret value, boolean reveal) {
        return value == null ? null : reveal ? value.reveal() : value.toString();
    }
}
