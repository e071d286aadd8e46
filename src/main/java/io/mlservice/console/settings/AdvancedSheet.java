package io.mlservice.console.settings;

import io.mlservice.config.Setting;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.geometry.Pos;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;
import org.controlsfx.property.editor.Editors;
import org.controlsfx.property.editor.PropertyEditor;
import org.controlsfx.validation.ValidationSupport;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The advanced settings in a ControlsFX {@link PropertySheet}: each item edits one {@link SettingField}; editors are
 * made here so that each is validated like the other fields, masked where the value is a secret and disabled where
 * the environment or the command line sets the value.
 */
final class AdvancedSheet {
    private enum Kind { TEXT, SECRET, CHOICE, SWITCH }

    private AdvancedSheet() {
    }

    static PropertySheet create(SettingsViewModel model, ValidationSupport validation) {
        PropertySheet sheet = new PropertySheet();
        sheet.setId("settings-advanced");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.getItems().setAll(List.of(
                new Item(model.field(Setting.SEEN_RULE), "Recommendations", Kind.CHOICE,
                        List.of("interacted-last", "original")),
                new Item(model.field(Setting.MAX_ITEMS), "Recommendations", Kind.TEXT, List.of()),
                new Item(model.field(Setting.DEV), "Recommendations", Kind.SWITCH, List.of()),
                new Item(model.field(Setting.TRUST_STORE), "Totara connection", Kind.TEXT, List.of()),
                new Item(model.field(Setting.TRUST_STORE_PASSWORD), "Totara connection", Kind.SECRET, List.of()),
                new Item(model.field(Setting.MAX_DOWNLOAD_MB), "Totara connection", Kind.TEXT, List.of()),
                new Item(model.field(Setting.EXPORT_POLL_MINUTES), "Totara connection", Kind.TEXT, List.of()),
                new Item(model.field(Setting.FULL_SEARCH_DAYS), "Training", Kind.TEXT, List.of()),
                new Item(model.field(Setting.FULL_SEARCH_GROWTH), "Training", Kind.TEXT, List.of()),
                new Item(model.field(Setting.EXPORT_DIR), "Files", Kind.TEXT, List.of()),
                new Item(model.field(Setting.HISTORY_DB), "Files", Kind.TEXT, List.of()),
                new Item(model.field(Setting.METRICS_BIND), "Monitoring", Kind.TEXT, List.of())));
        sheet.setPropertyEditorFactory(item -> editor((Item) item, validation));
        return sheet;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PropertyEditor<?> editor(Item item, ValidationSupport validation) {
        PropertyEditor editor = switch (item.kind) {
            case TEXT -> Editors.createTextEditor(item);
            case SECRET -> new SecretEditor(item);
            case CHOICE -> Editors.createChoiceEditor(item, item.choices);
            case SWITCH -> Editors.createCheckEditor(item);
        };
        Node node = editor.getEditor();
        node.setId("settings-" + item.field.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        node.disableProperty().bind(item.field.editableProperty().not());
        if (node instanceof Control control) {
            FormParts.validate(validation, control, item.field.problemProperty());
        }
        return new Badged<>(editor, item.field);
    }

    /** An editor with the setting's origin badge ("demo", "set by environment") after it. */
    private static final class Badged<T> implements PropertyEditor<T> {
        private final PropertyEditor<T> editor;
        private final HBox box;

        Badged(PropertyEditor<T> editor, SettingField field) {
            this.editor = editor;
            Label badge = FormParts.badge(field);
            badge.setMinWidth(Region.USE_PREF_SIZE);
            badge.managedProperty().bind(badge.textProperty().isNotEmpty());
            HBox.setHgrow(editor.getEditor(), Priority.ALWAYS);
            this.box = new HBox(8, editor.getEditor(), badge);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        public Node getEditor() {
            return box;
        }

        @Override
        public T getValue() {
            return editor.getValue();
        }

        @Override
        public void setValue(T value) {
            editor.setValue(value);
        }
    }

    /** One setting as a property: text, a secret, one of some choices, or a switch ({@code 1} when on). */
    private static final class Item implements PropertySheet.Item {
        private final SettingField field;
        private final String category;
        private final Kind kind;
        private final List<String> choices;
        private final ObservableValue<?> observed;

        Item(SettingField field, String category, Kind kind, List<String> choices) {
            this.field = field;
            this.category = category;
            this.kind = kind;
            this.choices = choices;
            this.observed = kind == Kind.SWITCH
                    ? Bindings.createBooleanBinding(() -> on(field.valueProperty().get()), field.valueProperty())
                    : field.valueProperty();
        }

        private static boolean on(String text) {
            return text != null && (text.trim().equals("1") || text.trim().equalsIgnoreCase("true"));
        }

        @Override
        public Class<?> getType() {
            return kind == Kind.SWITCH ? Boolean.class : String.class;
        }

        @Override
        public String getCategory() {
            return category;
        }

        @Override
        public String getName() {
            return field.setting().label();
        }

        @Override
        public String getDescription() {
            return field.setting().description() + " (" + field.name() + ")";
        }

        @Override
        public Object getValue() {
            return kind == Kind.SWITCH ? on(field.valueProperty().get()) : field.valueProperty().get();
        }

        @Override
        public void setValue(Object value) {
            if (kind == Kind.SWITCH) {
                field.valueProperty().set(Boolean.TRUE.equals(value) ? "1" : "");
            } else {
                field.valueProperty().set(value == null ? "" : value.toString());
            }
        }

        @Override
        public Optional<ObservableValue<?>> getObservableValue() {
            return Optional.of(observed);
        }
    }

    /** A masked text editor for a secret. */
    private static final class SecretEditor extends AbstractPropertyEditor<String, PasswordField> {
        SecretEditor(PropertySheet.Item item) {
            super(item, new PasswordField());
        }

        @Override
        protected ObservableValue<String> getObservableValue() {
            return getEditor().textProperty();
        }

        @Override
        public void setValue(String value) {
            getEditor().setText(value == null ? "" : value);
        }
    }
}
