package io.mlservice.totara;

import io.mlservice.config.ServiceSettings;

/**
 * How large an export may be before it is refused rather than read: generous bounds that no real site reaches, so
 * that a broken or hostile export fails with a clear message instead of exhausting the memory.
 *
 * @param maxFieldBytes  the largest field (a user's description, an item's document), in characters
 * @param maxColumns     the most columns a file may have (item files have one per topic)
 * @param maxTenants     the most tenants {@code tenants.csv} may list
 * @param maxExportBytes the largest whole export: every file of every listed tenant together
 */
public record ExportLimits(int maxFieldBytes, int maxColumns, int maxTenants, long maxExportBytes) {
    public static final int DEFAULT_MAX_FIELD_MB = 16;
    public static final int DEFAULT_MAX_COLUMNS = 10_000;
    public static final int DEFAULT_MAX_TENANTS = 10_000;
    public static final int DEFAULT_MAX_EXPORT_MB = 20 * 1024;
    static final long MEBIBYTE = 1024L * 1024L;

    public ExportLimits {
        if (maxFieldBytes < 1 || maxColumns < 1 || maxTenants < 1 || maxExportBytes < 1) {
            throw new IllegalArgumentException("export limits must be positive");
        }
    }

    /**
     * The limits the settings give: {@code ML_MAX_FIELD_MB}, {@code ML_MAX_COLUMNS}, {@code ML_MAX_TENANTS},
     * {@code ML_MAX_EXPORT_MB} (whose defaults are the ones here).
     */
    public static ExportLimits of(ServiceSettings settings) {
        return new ExportLimits(Math.toIntExact(settings.maxFieldBytes()), settings.maxColumns(),
                settings.maxTenants(), settings.maxExportBytes());
    }

    /** The settings' defaults, for the commands that have no settings ({@code train}, {@code bench}). */
    public static ExportLimits defaults() {
        return new ExportLimits((int) (DEFAULT_MAX_FIELD_MB * MEBIBYTE), DEFAULT_MAX_COLUMNS, DEFAULT_MAX_TENANTS,
                DEFAULT_MAX_EXPORT_MB * MEBIBYTE);
    }
}
