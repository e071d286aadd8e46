package io.mlservice.console.settings;

import io.mlservice.config.ResolvedSetting;
import io.mlservice.config.Setting;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Objects;

/**
 * One setting in the form: the text being edited, the text it had when loaded, where that came from (which decides
 * whether it may be edited here) and the problem the service's checks found with it, if any. Lives on the JavaFX
 * thread.
 */
public final class SettingField {

    /** Where the loaded value comes from, as the form shows it. */
    public enum Source {
        SETTINGS_FILE("saved", true),
        DEFAULT("default", true),
        /** A demo fill-in: nothing configured it; saving a value here replaces it. */
        DEMO("demo", true),
        ENVIRONMENT("set by environment", false),
        COMMAND_LINE("set on the command line", false);

        private final String label;
        private final boolean editable;

        Source(String label, boolean editable) {
            this.label = label;
            this.editable = editable;
        }

        /** The badge next to the field. */
        public String label() {
            return label;
        }

        public boolean editable() {
            return editable;
        }

        static Source of(ResolvedSetting.Origin origin, boolean demoFillIn) {
            if (demoFillIn) {
                return DEMO;
            }
            return switch (origin) {
                case COMMAND_LINE -> COMMAND_LINE;
                case ENVIRONMENT -> ENVIRONMENT;
                case SETTINGS_FILE -> SETTINGS_FILE;
                case DEFAULT -> DEFAULT;
            };
        }
    }

    private final Setting setting;
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final StringProperty original = new SimpleStringProperty(this, "original", "");
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(this, "source", Source.DEFAULT);
    private final StringProperty problem = new SimpleStringProperty(this, "problem");
    private final BooleanProperty editable = new SimpleBooleanProperty(this, "editable", true);
    private final BooleanBinding changed;

    SettingField(Setting setting) {
        this.setting = setting;
        this.changed = Bindings.createBooleanBinding(() -> editable.get() && !Objects.equals(
                value.get().trim(), original.get().trim()), value, original, editable);
    }

    public Setting setting() {
        return setting;
    }

    /** The {@code ML_*} name. */
    public String name() {
        return setting.variable();
    }

    /** The text being edited. */
    public StringProperty valueProperty() {
        return value;
    }

    public ReadOnlyStringProperty originalProperty() {
        return original;
    }

    public ReadOnlyObjectProperty<Source> sourceProperty() {
        return source;
    }

    /** False when the environment or the command line sets it (they override the settings file). */
    public ReadOnlyBooleanProperty editableProperty() {
        return editable;
    }

    /** The service's objection to the current text, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    /** Edited away from the loaded text. */
    public BooleanBinding changedProperty() {
        return changed;
    }

    /** Takes a freshly loaded value: the edit starts over from it. */
    void load(String text, Source from) {
        String t = text == null ? "" : text;
        source.set(from);
        editable.set(from.editable());
        original.set(t);
        value.set(t);
    }

    void revert() {
        value.set(original.get());
    }

    void setProblem(String text) {
        problem.set(text);
    }

    /** The value as it may be shown: secrets masked. */
    String shown() {
        return setting.shown(value.get().trim());
    }
}
