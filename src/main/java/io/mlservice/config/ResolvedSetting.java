package io.mlservice.config;

/**
 * One setting's text as the service will use it and where that text came from, for the console's "where is this
 * set" view. {@link #toString()} masks secrets.
 *
 * @param setting which setting
 * @param value   the text, trimmed; empty when the setting is unset and has no default
 * @param origin  the layer the text came from
 */
public record ResolvedSetting(Setting setting, String value, Origin origin) {

    /** The layers, strongest first. */
    public enum Origin {
        COMMAND_LINE("command line"),
        ENVIRONMENT("environment"),
        SETTINGS_FILE("settings file"),
        DEFAULT("default");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** How messages name this layer. */
        public String label() {
            return label;
        }
    }

    public ResolvedSetting {
        value = value == null ? "" : value.trim();
    }

    /** The {@code ML_*} name. */
    public String name() {
        return setting.variable();
    }

    public boolean isSet() {
        return !value.isEmpty();
    }

    /** The value as it may be shown: secrets masked. */
    public String shownValue() {
        return setting.shown(value);
    }

    @Override
    public String toString() {
        return name() + "=" + shownValue() + " (" + origin.label() + ")";
    }
}
