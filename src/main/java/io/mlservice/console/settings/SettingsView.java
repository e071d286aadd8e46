package io.mlservice.console.settings;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import io.mlservice.config.Setting;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import io.mlservice.diagnostics.ConnectionCheck;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.controlsfx.validation.ValidationSupport;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Settings page: Totara (URL, key, config.php lines, test connection), folders, listen address, schedule and
 * training, and the advanced settings in a property sheet, validated as you type by the service's own rules. Apply
 * puts the edits into effect without restarting; Revert discards them. Binds to {@link SettingsViewModel} only.
 */
public final class SettingsView implements ConsoleView {
    private final SettingsViewModel model;
    private final ValidationSupport validation = new ValidationSupport();
    private final BorderPane root = new BorderPane();

    public SettingsView(ConsoleContext context) {
        this.model = new SettingsViewModel(context, SettingsViewModel.DEBOUNCE,
                new ConnectionCheck(context.clock()));
        root.setId("settings-page");
        root.setCenter(scrolled(content()));
        root.setBottom(footer());
        model.followRestarts();
        model.load();
    }

    @Override
    public Node root() {
        return root;
    }

    /** Reloads what is not being edited, e.g. after the connect dialog saved a Totara site. */
    @Override
    public void shown() {
        if (model.loadedProperty().get() && !model.dirtyProperty().get() && !model.applying().busyProperty().get()) {
            model.load();
        }
    }

    @Override
    public void close() {
        model.close();
    }

    private Node content() {
        Label title = new Label("Settings");
        title.getStyleClass().add(Styles.TITLE_3);
        Label where = new Label();
        where.getStyleClass().add("text-muted");
        where.setWrapText(true);
        where.textProperty().bind(Bindings.createStringBinding(() -> model.settingsFileProperty().get().isEmpty() ? ""
                : "Saved in " + model.settingsFileProperty().get() + ". The environment and the command line override it.",
                model.settingsFileProperty()));

        GridPane cards = new GridPane();
        cards.setHgap(16);
        cards.setVgap(16);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        cards.getColumnConstraints().addAll(half, half);
        cards.add(totara(), 0, 0, 2, 1);
        cards.add(folders(), 0, 1);
        cards.add(serving(), 1, 1);
        cards.add(training(), 0, 2, 2, 1);
        cards.add(FormParts.card("Advanced", "Recommendations, the connection to Totara and files. Hover a name "
                + "for what it does.", AdvancedSheet.create(model, validation)), 0, 3, 2, 1);
        VBox content = new VBox(12, new VBox(2, title, where), cards);
        content.setPadding(new Insets(4, 4, 16, 4));
        return content;
    }

    private static Node scrolled(Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(Styles.FLAT);
        return scroll;
    }

    private Node totara() {
        TotaraForm form = new TotaraForm(model, validation, "settings");
        return FormParts.card("Totara", "The site this service trains for, and the key both sides sign their "
                + "requests with.", form.fields(), form.tester());
    }

    private Node folders() {
        GridPane grid = FormParts.grid();
        folderRow(grid, "_Models folder", Setting.MODELS_DIR, "settings-models-dir", "settings-models-choose");
        folderRow(grid, "_Logs folder", Setting.LOGS_DIR, "settings-logs-dir", "settings-logs-choose");
        return FormParts.card("Folders", null, grid, FormParts.hint("Two different folders the service can write "
                + "in. A new folder takes effect after a restart of the service."));
    }

    private void folderRow(GridPane grid, String label, Setting setting, String id, String chooseId) {
        SettingField field = model.field(setting);
        TextField path = new TextField();
        path.setId(id);
        path.textProperty().bindBidirectional(field.valueProperty());
        FormParts.validate(validation, path, field.problemProperty());
        Button choose = new Button("Choose…");
        choose.setId(chooseId);
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> chooseFolder(field, setting.label()));
        HBox.setHgrow(path, Priority.ALWAYS);
        HBox box = FormParts.inline(path, choose);
        FormParts.row(grid, label, box, field);
        path.setTooltip(new Tooltip(setting.description() + " (" + setting.variable() + ")"));
    }

    private void chooseFolder(SettingField field, String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        try {
            File current = Path.of(field.valueProperty().get().trim()).toAbsolutePath().toFile();
            if (current.isDirectory()) {
                chooser.setInitialDirectory(current);
            }
        } catch (RuntimeException e) {
            // no usable start folder: the chooser opens at its default
        }
        File chosen = chooser.showDialog(root.getScene().getWindow());
        if (chosen != null) {
            field.valueProperty().set(chosen.getAbsolutePath());
        }
    }

    private Node serving() {
        SettingField bind = model.field(Setting.BIND);
        GridPane grid = FormParts.grid();
        TextField address = new TextField();
        address.setId("settings-bind-address");
        address.setPromptText("*");
        address.textProperty().bindBidirectional(model.bind().hostProperty());
        FormParts.validate(validation, address, bindProblem(bind, false));
        TextField port = new TextField();
        port.setId("settings-port");
        port.setPrefColumnCount(6);
        port.setPromptText("5000");
        port.textProperty().bindBidirectional(model.bind().portProperty());
        port.disableProperty().bind(bind.editableProperty().not());
        FormParts.validate(validation, port, bindProblem(bind, true));
        Label portLabel = new Label("_Port");
        portLabel.setMnemonicParsing(true);
        portLabel.setLabelFor(port);
        HBox.setHgrow(address, Priority.ALWAYS);
        HBox listen = FormParts.inline(address, portLabel, port);
        FormParts.row(grid, "Listen _address", listen, bind);

        SettingField coldStart = model.field(Setting.COLD_START);
        ToggleSwitch cold = new ToggleSwitch();
        cold.setId("settings-cold-start");
        cold.setSelected(!"off".equalsIgnoreCase(coldStart.valueProperty().get()));
        coldStart.valueProperty().addListener((obs, was, now) -> cold.setSelected(isOn(now)));
        cold.selectedProperty().addListener((obs, was, now) -> {
            if (now != isOn(coldStart.valueProperty().get())) {
                coldStart.valueProperty().set(now ? "on" : "off");
            }
        });
        Label coldHint = FormParts.hint("");
        coldHint.textProperty().bind(Bindings.createStringBinding(() -> cold.isSelected()
                ? "Users the model does not know yet get the tenant's popular items."
                : "Unknown users get 'no such user id', as the original service answered.",
                cold.selectedProperty()));
        FormParts.row(grid, "Cold start", FormParts.inline(cold, coldHint), coldStart);
        return FormParts.card("Listening", null, grid, FormParts.hint("* listens on every interface (Totara on "
                + "another computer can reach it); 127.0.0.1 on this computer only. Keep the service on a private "
                + "network. A new address takes effect at once."));
    }

    private static boolean isOn(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return !(t.equals("off") || t.equals("0") || t.equals("false") || t.equals("no"));
    }

    /** The listen-address problem for the port field or for the host field. */
    private static ObservableValue<String> bindProblem(SettingField bind, boolean port) {
        return Bindings.createStringBinding(() -> {
            String p = bind.problemProperty().get();
            return p != null && BindField.aboutPort(p) == port ? p : null;
        }, bind.problemProperty());
    }

    private Node training() {
        GridPane grid = FormParts.grid();
        SettingField every = model.field(Setting.RETRAIN_FREQ);
        SettingField at = model.field(Setting.RETRAIN_AT);
        ToggleGroup schedule = new ToggleGroup();
        RadioButton interval = new RadioButton("Every");
        interval.setId("settings-schedule-interval");
        interval.setToggleGroup(schedule);
        RadioButton daily = new RadioButton("Daily at");
        daily.setId("settings-schedule-daily");
        daily.setToggleGroup(schedule);
        daily.setSelected(model.dailyProperty().get());
        interval.setSelected(!model.dailyProperty().get());
        model.dailyProperty().addListener((obs, was, now) -> (now ? daily : interval).setSelected(true));
        daily.selectedProperty().addListener((obs, was, now) -> model.dailyProperty().set(now));
        TextField minutes = new TextField();
        minutes.setId("settings-retrain-minutes");
        minutes.setPrefColumnCount(6);
        minutes.textProperty().bindBidirectional(every.valueProperty());
        minutes.disableProperty().bind(model.dailyProperty().or(every.editableProperty().not()));
        FormParts.validate(validation, minutes, every.problemProperty());
        TextField time = new TextField();
        time.setId("settings-retrain-at");
        time.setPrefColumnCount(5);
        time.setPromptText("HH:mm");
        time.textProperty().bindBidirectional(model.dailyAtProperty());
        time.disableProperty().bind(model.dailyProperty().not().or(at.editableProperty().not()));
        FormParts.validate(validation, time, at.problemProperty());
        HBox scheduleBox = FormParts.inline(interval, minutes, new Label("minutes"), spacer(16), daily, time,
                FormParts.hint("local time"));
        FormParts.row(grid, "Schedule", scheduleBox, every);
        interval.disableProperty().bind(at.editableProperty().not());
        daily.disableProperty().bind(at.editableProperty().not());
        scheduleBox.disableProperty().unbind();

        SettingField algorithmField = model.field(Setting.ALGORITHM);
        ChoiceBox<String> algorithm = new ChoiceBox<>();
        algorithm.setId("settings-algorithm");
        algorithm.getItems().setAll("hybrid", "partial", "mf");
        algorithm.setValue(algorithmField.valueProperty().get());
        algorithmField.valueProperty().addListener((obs, was, now) -> algorithm.setValue(now));
        algorithm.valueProperty().addListener((obs, was, now) -> {
            if (now != null && !now.equals(algorithmField.valueProperty().get())) {
                algorithmField.valueProperty().set(now);
            }
        });
        FormParts.validate(validation, algorithm, algorithmField.problemProperty());
        Label algorithmHint = FormParts.hint("");
        algorithmHint.textProperty().bind(Bindings.createStringBinding(() -> switch (
                algorithmField.valueProperty().get()) {
            case "mf" -> "Behaviour only: what users interacted with.";
            case "partial" -> "Behaviour plus profiles and item topics.";
            default -> "Behaviour, profiles, topics and the words of items and profiles.";
        }, algorithmField.valueProperty()));
        FormParts.row(grid, "Al_gorithm", FormParts.inline(algorithm, algorithmHint), algorithmField);

        SettingField threadsField = model.field(Setting.NUM_THREADS);
        TextField threads = new TextField();
        threads.setId("settings-threads");
        threads.setPrefColumnCount(4);
        threads.textProperty().bindBidirectional(threadsField.valueProperty());
        FormParts.validate(validation, threads, threadsField.problemProperty());
        HBox threadsBox = FormParts.inline(threads, FormParts.hint("CPU cores this computer has: "
                + Runtime.getRuntime().availableProcessors()));
        FormParts.row(grid, "_Threads", threadsBox, threadsField);
        return FormParts.card("Training", "When the service trains on Totara's export, and how. A new schedule "
                + "takes effect at once; the algorithm and threads at the next training.", grid);
    }

    private static Region spacer(double width) {
        Region r = new Region();
        r.setMinWidth(width);
        return r;
    }

    private Node footer() {
        Label problems = new Label();
        problems.setId("settings-problems");
        problems.setWrapText(true);
        problems.getStyleClass().add(Styles.DANGER);
        Runnable showProblems = () -> problems.setText(problemText());
        model.problems().addListener((MapChangeListener<String, String>) c -> showProblems.run());
        model.otherProblems().addListener((ListChangeListener<String>) c -> showProblems.run());
        problems.visibleProperty().bind(problems.textProperty().isNotEmpty());
        problems.managedProperty().bind(problems.visibleProperty());

        Label result = new Label();
        result.setId("settings-result");
        result.setWrapText(true);
        result.textProperty().bind(model.applying().resultProperty());
        model.applying().resultFailedProperty().addListener((obs, was, now) -> {
            result.getStyleClass().remove(Styles.DANGER);
            if (now) {
                result.getStyleClass().add(Styles.DANGER);
            }
        });

        Button restart = new Button("Restart service");
        restart.setId("settings-restart");
        restart.getStyleClass().add(Styles.WARNING);
        restart.textProperty().bind(Bindings.when(model.applying().needStartProperty()).then("Start service")
                .otherwise("Restart service"));
        restart.visibleProperty().bind(Bindings.isNotEmpty(model.applying().needRestart()).or(model.applying().needStartProperty()));
        restart.managedProperty().bind(restart.visibleProperty());
        restart.disableProperty().bind(model.applying().busyProperty());
        restart.setOnAction(e -> model.applying().restart());

        Button revert = new Button("_Revert");
        revert.setId("settings-revert");
        revert.setMnemonicParsing(true);
        revert.disableProperty().bind(model.dirtyProperty().not().or(model.applying().busyProperty()));
        revert.setOnAction(e -> model.revert());

        Button apply = new Button("_Apply");
        apply.setId("settings-apply");
        apply.setMnemonicParsing(true);
        apply.setDefaultButton(true);
        apply.getStyleClass().add(Styles.ACCENT);
        apply.disableProperty().bind(model.canApplyProperty().not());
        apply.setOnAction(e -> model.apply());
        for (Button b : new Button[] {restart, revert, apply}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }

        VBox messages = new VBox(4, problems, result);
        HBox.setHgrow(messages, Priority.ALWAYS);
        HBox bar = new HBox(8, messages, restart, revert, apply);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(10, 4, 0, 4));
        bar.getStyleClass().add("settings-footer");
        return bar;
    }

    private String problemText() {
        String fields = model.problems().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Setting.named(e.getKey()).map(Setting::label).orElse(e.getKey()) + ": "
                        + e.getValue())
                .collect(Collectors.joining("\n"));
        String others = String.join("\n", model.otherProblems());
        return (fields + (fields.isEmpty() || others.isEmpty() ? "" : "\n") + others).trim();
    }
}
