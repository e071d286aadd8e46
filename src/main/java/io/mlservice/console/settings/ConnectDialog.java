package io.mlservice.console.settings;

import atlantafx.base.theme.Styles;
import io.mlservice.config.Setting;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Notices;
import io.mlservice.console.desktop.Theme;
import io.mlservice.diagnostics.ConnectionCheck;
import javafx.collections.MapChangeListener;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.controlsfx.validation.ValidationSupport;

import java.util.stream.Collectors;

/**
 * "Connect to Totara…": the first-run way out of the demo. Totara's URL and the key (with the config.php lines to
 * paste into Totara), a test of the connection both ways, and Connect, which saves both and puts them into effect
 * (the service then trains on Totara's export instead of the demo dataset).
 */
public final class ConnectDialog {
    /** The banner that confirms a connection. */
    public static final String CONNECTED_NOTICE = "totara-connected";

    private ConnectDialog() {
    }

    /** Opens the dialog over the main window (on the JavaFX thread) and returns at once. */
    public static Dialog<ButtonType> open(ConsoleContext context, Window owner) {
        SettingsViewModel model = new SettingsViewModel(context, SettingsViewModel.DEBOUNCE,
                new ConnectionCheck(context.clock()));
        ValidationSupport validation = new ValidationSupport();
        TotaraForm form = new TotaraForm(model, validation, "connect");

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Connect to Totara");
        dialog.setResizable(true);
        DialogPane pane = dialog.getDialogPane();
        pane.setId("connect-dialog");
        pane.getStylesheets().add(Theme.stylesheet());
        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().addAll(connect, ButtonType.CANCEL);

        Label title = new Label("Connect to a Totara site");
        title.getStyleClass().add(Styles.TITLE_3);
        Label steps = FormParts.hint("1. Enter Totara's web address. 2. Paste the config.php lines into "
                + "Totara's config.php, or paste the key Totara already has. 3. Test the connection. "
                + "4. Connect: the service then trains on Totara's export instead of the demo dataset.");
        Label problems = new Label();
        problems.setId("connect-problems");
        problems.setWrapText(true);
        problems.getStyleClass().add(Styles.DANGER);
        model.problems().addListener((MapChangeListener<String, String>) c -> problems.setText(
                model.problems().entrySet().stream()
                        .map(e -> Setting.named(e.getKey()).map(Setting::label).orElse(e.getKey())
                                + ": " + e.getValue())
                        .collect(Collectors.joining("\n"))));
        Label result = new Label();
        result.setId("connect-result");
        result.setWrapText(true);
        result.textProperty().bind(model.applying().resultProperty());
        VBox content = new VBox(12, title, steps, form.fields(), form.tester(), problems, result);
        content.setPadding(new Insets(16, 20, 8, 20));
        // in a scroll pane, the content gets its height for the dialog's width, so long findings wrap
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefViewportHeight(560);
        scroll.getStyleClass().add(Styles.FLAT);
        pane.setContent(scroll);
        pane.setMinWidth(820);

        Button connectButton = (Button) pane.lookupButton(connect);
        connectButton.setId("connect-connect");
        connectButton.getStyleClass().add(Styles.ACCENT);
        connectButton.disableProperty().bind(model.canApplyProperty().not());
        connectButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            model.apply();
        });
        model.applying().appliedProperty().addListener((obs, was, now) -> {
            connected(context, model.field(Setting.TOTARA_URL).valueProperty().get().trim());
            dialog.setResult(connect);
            dialog.close();
        });
        dialog.setOnHidden(e -> model.close());
        model.load();
        dialog.show();
        return dialog;
    }

    private static void connected(ConsoleContext context, String url) {
        context.navigator().refreshCurrent();
        context.notices().post(new Notices.Notice(CONNECTED_NOTICE, Notices.Level.INFO, "Connected to Totara at "
                + Setting.TOTARA_URL.shown(url) + ". The current model serves until the next "
                + "training, which pulls Totara's export.", "Train now", () -> context.tasks().run(() -> {
                    context.service().trainNow();
                    context.notices().clear(CONNECTED_NOTICE);
                })));
    }
}
