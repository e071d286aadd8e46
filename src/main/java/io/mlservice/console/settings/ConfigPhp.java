package io.mlservice.console.settings;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;

/**
 * The lines an administrator adds to Totara's {@code config.php} so that Totara calls this service:
 * {@code $CFG->ml_service_url} and {@code $CFG->ml_service_key}, as PHP single-quoted strings; for the form, with
 * the edited key (masked until revealed) and the address the last check worked out.
 */
public final class ConfigPhp {
    static final String MASK = "********";

    private final ObservableStringValue key;
    private final BooleanProperty revealKey = new SimpleBooleanProperty(this, "revealKey");
    private final StringProperty serviceUrl = new SimpleStringProperty(this, "serviceUrl", "");
    private final StringBinding lines;

    /** @param key the key being edited */
    ConfigPhp(ObservableStringValue key) {
        this.key = key;
        this.lines = Bindings.createStringBinding(() -> lines(serviceUrl.get(), key.get(), revealKey.get()),
                serviceUrl, key, revealKey);
    }

    /** Show the key (and the lines) in clear. */
    public BooleanProperty revealKeyProperty() {
        return revealKey;
    }

    /** Where Totara should call this service ({@code $CFG->ml_service_url}). */
    public ReadOnlyStringProperty serviceUrlProperty() {
        return serviceUrl;
    }

    /** The lines for the edited key, masked unless {@link #revealKeyProperty()}. */
    public StringBinding linesProperty() {
        return lines;
    }

    /** The lines with the key in clear, for the clipboard. */
    public String toCopy() {
        return lines(serviceUrl.get(), key.get(), true);
    }

    void serviceUrl(String url) {
        serviceUrl.set(url);
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
