package io.mlservice.console.settings;

/**
 * The lines an administrator adds to Totara's {@code config.php} so that Totara calls this service:
 * {@code $CFG->ml_service_url} and {@code $CFG->ml_service_key}, as PHP single-quoted strings.
 */
public final class ConfigPhp {
    static final String MASK = "********";

    private ConfigPhp() {
    }

    /**
     * @param serviceUrl where Totara reaches this service, e.g. {@code http://192.168.1.20:5000}
     * @param key        the shared key; empty when none is set yet
     * @param reveal     false to show the key as {@value #MASK} (for the screen); true for the clipboard
     */
    public static String lines(String serviceUrl, String key, boolean reveal) {
        String shownKey = key == null || key.isBlank() ? "" : reveal ? key.trim() : MASK;
        return "$CFG->ml_service_url = '" + quoted(serviceUrl == null ? "" : serviceUrl) + "';\n"
                + "$CFG->ml_service_key = '" + quoted(shownKey) + "';";
    }

    /** Escapes for a PHP single-quoted string: only the backslash and the quote are special. */
    static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}
