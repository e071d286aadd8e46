package io.mlservice.console.settings;

import atlantafx.base.theme.Styles;
import io.mlservice.config.Setting;
import io.mlservice.diagnostics.ConnectionCheck.Finding;
import io.mlservice.diagnostics.ConnectionCheck.Report;
import io.mlservice.diagnostics.ConnectionCheck;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

import java.util.Locale;

/**
 * The Totara part of a settings form, shared by the Settings page and the "Connect to Totara" dialog: the URL, the
 * key (masked, reveal, generate, copy), the config.php lines to paste into Totara, and "Test connection" with its
 * findings. Ids start with the given prefix ({@code #settings-totara-url}, {@code #connect-test-connection}, ...).
 */
final class TotaraForm {
    private final SettingsViewModel model;
    private final String prefix;
    private final GridPane grid = FormParts.grid();
    private final VBox findings = new VBox(6);

    TotaraForm(SettingsViewModel model, ValidationSupport validation, String prefix) {
        this.model = model;
        this.prefix = prefix;
        SettingField urlField = model.field(Setting.TOTARA_URL);
        TextField url = new TextField();
        url.setId(prefix + "-totara-url");
        url.setPromptText("https://lms.example.org");
        url.textProperty().bindBidirectional(urlField.valueProperty());
        FormParts.validate(validation, url, urlField.problemProperty());
        FormParts.row(grid, "Totara _URL", url, urlField);

        SettingField keyField = model.field(Setting.TOTARA_KEY);
        Node key = keyBox(keyField, validation);
        FormParts.row(grid, "Shared _key", key, keyField);

        TextArea lines = new TextArea();
        lines.setId(prefix + "-config-php");
        lines.setEditable(false);
        lines.setPrefRowCount(2);
        lines.setWrapText(false);
        lines.getStyleClass().add("config-php");
        lines.textProperty().bind(model.configPhp().linesProperty());
        Button copyLines = new Button("Copy lines");
        copyLines.setId(prefix + "-config-copy");
        copyLines.setOnAction(e -> copy(model.configPhp().toCopy()));
        HBox.setHgrow(lines, Priority.ALWAYS);
        VBox config = new VBox(6, FormParts.inline(lines, copyLines), FormParts.hint("Add these lines to "
                + "config.php in Totara's web root: Totara then calls this service with the same key."));
        FormParts.row(grid, "Totara's config.php", config);
    }

    /** URL, key and config.php lines. */
    GridPane fields() {
        return grid;
    }

    /** The "Test connection" button, its progress and what it found. */
    Node tester() {
        ConnectionTester tester = model.tester();
        Button test = new Button("_Test connection");
        test.setMnemonicParsing(true);
        test.setId(prefix + "-test-connection");
        test.disableProperty().bind(tester.runningProperty());
        test.setOnAction(e -> model.testConnection());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(tester.runningProperty());
        spinner.managedProperty().bind(tester.runningProperty());
        Label summary = new Label();
        summary.setId(prefix + "-connection-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(tester.summaryProperty());
        findings.setId(prefix + "-connection-findings");
        tester.reportProperty().addListener((obs, was, now) -> showFindings(now));
        return new VBox(8, FormParts.inline(test, spinner, summary), findings);
    }

    private Node keyBox(SettingField keyField, ValidationSupport validation) {
        PasswordField hidden = new PasswordField();
        hidden.setId(prefix + "-totara-key");
        TextField shown = new TextField();
        shown.setId(prefix + "-totara-key-shown");
        hidden.textProperty().bindBidirectional(keyField.valueProperty());
        shown.textProperty().bindBidirectional(keyField.valueProperty());
        shown.visibleProperty().bind(model.configPhp().revealKeyProperty());
        hidden.visibleProperty().bind(model.configPhp().revealKeyProperty().not());
        FormParts.validate(validation, hidden, keyField.problemProperty());
        FormParts.validate(validation, shown, keyField.problemProperty());
        StackPane keyText = new StackPane(hidden, shown);
        HBox.setHgrow(keyText, Priority.ALWAYS);
        ToggleButton reveal = new ToggleButton("Reveal");
        reveal.setId(prefix + "-key-reveal");
        reveal.selectedProperty().bindBidirectional(model.configPhp().revealKeyProperty());
        Button generate = new Button("Generate");
        generate.setId(prefix + "-key-generate");
        generate.setOnAction(e -> model.generateKey());
        generate.disableProperty().bind(keyField.editableProperty().not());
        Button copy = new Button("Copy");
        copy.setId(prefix + "-key-copy");
        copy.setOnAction(e -> copy(keyField.valueProperty().get()));
        HBox box = FormParts.inline(keyText, reveal, generate, copy);
        keyText.disableProperty().bind(keyField.editableProperty().not());
        return box;
    }

    private void showFindings(Report report) {
        findings.getChildren().clear();
        if (report == null) {
            return;
        }
        for (ConnectionCheck.Direction d : ConnectionCheck.Direction.values()) {
            Label heading = new Label(d == ConnectionCheck.Direction.TO_TOTARA ? "This service → Totara"
                    : "Totara → this service");
            heading.getStyleClass().add(Styles.TEXT_BOLD);
            findings.getChildren().add(heading);
            for (Finding f : report.towards(d)) {
                findings.getChildren().add(findingRow(f));
            }
        }
    }

    private Node findingRow(Finding f) {
        Label mark = new Label(switch (f.level()) {
            case OK -> "✔";
            case WARNING -> "⚠";
            case PROBLEM -> "✖";
        });
        mark.getStyleClass().add(switch (f.level()) {
            case OK -> Styles.SUCCESS;
            case WARNING -> Styles.WARNING;
            case PROBLEM -> Styles.DANGER;
        });
        mark.setMinWidth(18);
        Label text = new Label(f.text(), mark);
        text.setWrapText(true);
        text.setGraphicTextGap(8);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setId(prefix + "-finding-" + f.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return text;
    }

    static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text == null ? "" : text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
