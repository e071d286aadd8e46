package io.mlservice.console.preview;

import atlantafx.base.theme.Styles;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.AutoCompletionBinding;
import org.controlsfx.control.textfield.TextFields;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The pieces the Preview page's two tabs are built of: cards, muted notes, table columns, suggestions. */
final class PreviewParts {
    private PreviewParts() {
    }

    /**
     * Suggestions while typing (fetched off the JavaFX thread by ControlsFX); choosing one shows it. A click
     * elsewhere, e.g. on Show, closes the list and still counts. The popup's list gets the theme's colours: its
     * own stylesheet expects Modena's.
     */
    static AutoCompletionBinding<String> completion(TextField field, Function<String, List<String>> suggest,
                                                            Runnable show) {
        AutoCompletionBinding<String> binding = TextFields.bindAutoCompletion(field,
                r -> suggest.apply(r.getUserText()));
        binding.setOnAutoCompleted(e -> show.run());
        binding.setVisibleRowCount(8);
        binding.getAutoCompletionPopup().setConsumeAutoHidingEvents(false);
        binding.getAutoCompletionPopup().setStyle("-fx-color: -color-bg-default;"
                + " -fx-control-inner-background: -color-bg-default;"
                + " -fx-selection-bar-non-focused: -color-accent-subtle;"
                + " -fx-selection-bar: -color-accent-muted;"
                + " -fx-accent: -color-accent-emphasis;");
        return binding;
    }

    static void toClipboard(Optional<String> command) {
        command.ifPresent(text -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        });
    }

    static Node group(UserPreview.ProfileGroup g) {
        Label name = new Label(g.name());
        name.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label values = new Label(String.join(", ", g.values()));
        values.setWrapText(true);
        return new VBox(2, name, values);
    }

    static void note(Label label, String text, String style) {
        label.setText(text);
        label.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING);
        if (style != null) {
            label.getStyleClass().add(style);
        }
        label.setVisible(!text.isEmpty());
        label.setManaged(!text.isEmpty());
    }

    static <T> TableColumn<T, String> column(String title, double width, double min,
                                                     Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(min);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    static VBox card(Node... children) {
        VBox card = new VBox(8, children);
        card.getStyleClass().add("card");
        return card;
    }

    static Label cardTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("card-title");
        return l;
    }

    static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }

    static ProgressIndicator busy() {
        ProgressIndicator p = new ProgressIndicator();
        p.setPrefSize(18, 18);
        p.setMaxSize(18, 18);
        return p;
    }

    static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
