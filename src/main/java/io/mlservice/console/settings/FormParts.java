package io.mlservice.console.settings;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/** The building blocks the settings views share: cards, label–control grids, origin badges, validation marks. */
final class FormParts {
    private FormParts() {
    }

    /** A titled card ({@code .card}) holding the given content. */
    static VBox card(String title, String subtitle, Node... content) {
        Label heading = new Label(title);
        heading.getStyleClass().addAll("card-title", Styles.TITLE_4);
        VBox card = new VBox(10, heading);
        if (subtitle != null) {
            Label sub = new Label(subtitle);
            sub.setWrapText(true);
            sub.getStyleClass().add("text-muted");
            card.getChildren().add(sub);
        }
        card.getChildren().addAll(content);
        card.getStyleClass().add("card");
        card.setMaxWidth(Double.MAX_VALUE);
        return card;
    }

    /** A grid of rows: the name (with its origin badge under it) | the control, which grows. */
    static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints controls = new ColumnConstraints();
        controls.setHgrow(Priority.ALWAYS);
        controls.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, controls);
        return grid;
    }

    /**
     * Adds a row for a setting: its name (a mnemonic target when it has one) with the origin badge under it, and
     * the control, disabled when the environment or the command line sets the value.
     */
    static void row(GridPane grid, String label, Node control, SettingField field) {
        int r = grid.getRowCount();
        Label name = new Label(label);
        name.setMnemonicParsing(true);
        Control target = firstControl(control);
        if (target != null) {
            name.setLabelFor(target);
            if (target.getTooltip() == null) {
                target.setTooltip(new Tooltip(field.setting().description() + " (" + field.name() + ")"));
            }
        }
        Label badge = badge(field);
        badge.managedProperty().bind(badge.textProperty().isNotEmpty());
        VBox naming = new VBox(0, name, badge);
        naming.setAlignment(Pos.CENTER_LEFT);
        grid.add(naming, 0, r);
        grid.add(control, 1, r);
        GridPane.setHgrow(control, Priority.ALWAYS);
        control.disableProperty().bind(field.editableProperty().not());
    }

    /** The control itself, or the first control inside a box (the mnemonic's target). */
    private static Control firstControl(Node node) {
        if (node instanceof Control c) {
            return c;
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                Control found = firstControl(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A row without a setting behind it (e.g. the config.php lines). */
    static void row(GridPane grid, String label, Node control) {
        int r = grid.getRowCount();
        Label name = new Label(label);
        GridPane.setValignment(name, VPos.TOP);
        grid.add(name, 0, r);
        grid.add(control, 1, r);
    }

    /** Where the value comes from, when that matters: "demo", "set by environment", "set on the command line". */
    static Label badge(SettingField field) {
        Label badge = new Label();
        badge.textProperty().bind(Bindings.createStringBinding(() -> switch (field.sourceProperty().get()) {
            case DEMO, ENVIRONMENT, COMMAND_LINE -> field.sourceProperty().get().label();
            default -> "";
        }, field.sourceProperty()));
        badge.setId("badge-" + field.name());
        badge.getStyleClass().addAll("setting-badge", Styles.TEXT_SMALL);
        field.sourceProperty().addListener((obs, was, now) -> styleBadge(badge, now));
        styleBadge(badge, field.sourceProperty().get());
        return badge;
    }

    private static void styleBadge(Label badge, SettingField.Source source) {
        badge.getStyleClass().removeAll(Styles.ACCENT, Styles.WARNING);
        if (source == SettingField.Source.DEMO) {
            badge.getStyleClass().add(Styles.ACCENT);
        } else if (!source.editable()) {
            badge.getStyleClass().add(Styles.WARNING);
        }
    }

    /** Marks the control while {@code problem} holds text (the service's words), updating when it changes. */
    static void validate(ValidationSupport validation, Control control, ObservableValue<String> problem) {
        validation.registerValidator(control, false, (Control c, Object value) ->
                ValidationResult.fromErrorIf(c, problem.getValue(), problem.getValue() != null));
        problem.addListener((obs, was, now) -> validation.revalidate(control));
    }

    /** A muted explanatory line. */
    static Label hint(String text) {
        Label hint = new Label(text);
        hint.setWrapText(true);
        hint.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        return hint;
    }

    /** Controls in a row, vertically centred. */
    static HBox inline(Node... nodes) {
        for (Node n : nodes) {
            if (n instanceof ButtonBase button) {
                button.setMinWidth(Region.USE_PREF_SIZE);
            } else if (n instanceof Label l && !l.isWrapText()) {
                l.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        HBox box = new HBox(8, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    static Insets padding() {
        return new Insets(4, 0, 4, 0);
    }
}
