package io.mlservice.format;

import java.util.Locale;

/** How the service and the console write a number of bytes: one place, so the same size reads the same everywhere. */
public final class ByteSize {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB"};
    private static final long MEGABYTE = 1L << 20;

    private ByteSize() {
    }

    /**
     * In the largest binary unit that keeps the number at least 1, one decimal below 10: "512 B", "1.5 KB",
     * "12 MB", "2.0 GB".
     */
    public static String text(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }

    /**
     * In whole megabytes, the unit the download limit is set in ({@code ML_MAX_DOWNLOAD_MB}): "2048 MB"; a limit
     * below one megabyte (tests) in bytes: "100 bytes".
     */
    public static String wholeMegabytes(long bytes) {
        return bytes >= MEGABYTE
                ? String.format(Locale.ROOT, "%.0f MB", bytes / (double) MEGABYTE)
                : bytes + " bytes";
    }
}
