package io.mlservice.console.training;

import io.mlservice.history.History;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import io.mlservice.console.Formats;
import io.mlservice.format.ByteSize;
import io.mlservice.history.CycleRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.TenantResultRow;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Training page: "Train now" and Cancel, the running cycle per tenant (phase, progress, time left), the
 * learning curves of the live cycle or of a past one, and the history of cycles with a drill-down into one.
 * Binds to {@link TrainingViewModel}; does no work of its own.
 */
public final class TrainingView implements ConsoleView {
    private static final List<String> OUTCOME_STYLES = List.of(Styles.SUCCESS, Styles.WARNING, Styles.DANGER,
            Styles.ACCENT, Styles.TEXT_MUTED);

    private final TrainingViewModel model;
    private final Clock clock;
    private final ScrollPane root;
    private final VBox tenantRows = new VBox(10);
    private final CurveCharts charts;
    private final ObservableList<CycleRow> historyRows = FXCollections.observableArrayList();
    private final TableView<CycleRow> historyTable = new TableView<>(historyRows);
    private final Timeline statusTicker;
    private boolean syncingSelection;
    private Runnable showCycleSteps = () -> { };

    public TrainingView(ConsoleContext context) {
        this.model = new TrainingViewModel(context);
        this.clock = context.clock();
        this.charts = new CurveCharts(model.curves(), model.curvesPlaceholderProperty());
        VBox content = new VBox(16, header(), liveCard(), curvesCard(), historyCard());
        content.setPadding(new Insets(4, 4, 12, 4));
        root = new ScrollPane(content);
        root.setId("training-page");
        root.setFitToWidth(true);
        root.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        statusTicker = new Timeline(new KeyFrame(Duration.seconds(30), e -> model.updateStatus()));
        statusTicker.setCycleCount(Timeline.INDEFINITE);
        statusTicker.play();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.updateStatus();
        model.refreshHistory();
    }

    @Override
    public void dispose() {
        statusTicker.stop();
        model.dispose();
    }

    // ---- header: status and the two actions

    private Node header() {
        Label title = new Label("Training");
        title.getStyleClass().add(Styles.TITLE_3);
        Label status = new Label();
        status.setId("training-status");
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add(Styles.TEXT_MUTED);
        VBox text = new VBox(2, title, status);

        Label feedback = new Label();
        feedback.setId("training-feedback");
        feedback.textProperty().bind(model.feedbackProperty());
        feedback.getStyleClass().add(Styles.TEXT_MUTED);

        Button train = new Button("_Train now");
        train.setId("train-now");
        train.getStyleClass().add(Styles.ACCENT);
        train.disableProperty().bind(model.canTrainProperty().not());
        train.setOnAction(e -> model.trainNow());

        Button cancel = new Button("_Cancel training");
        cancel.setId("cancel-training");
        cancel.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
        cancel.disableProperty().bind(model.canCancelProperty().not());
        cancel.setOnAction(e -> model.cancel());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, text, spacer, feedback, train, cancel);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    // ---- the running cycle

    private Node liveCard() {
        Label title = new Label("Current cycle");
        title.getStyleClass().add("card-title");
        Label cycle = new Label();
        cycle.setId("cycle-title");
        cycle.textProperty().bind(model.cycleTitleProperty());
        cycle.getStyleClass().add(Styles.TEXT_MUTED);
        HBox heading = new HBox(12, title, cycle);
        heading.setAlignment(Pos.BASELINE_LEFT);

        HBox steps = new HBox(14);
        steps.setId("cycle-steps");
        showCycleSteps = () -> steps.getChildren().setAll(cycleSteps());
        model.cyclePhaseProperty().addListener((obs, was, now) -> showCycleSteps.run());
        model.cyclePhases().addListener((SetChangeListener<String>) c -> showCycleSteps.run());
        model.cycleOutcomeProperty().addListener((obs, was, now) -> showCycleSteps.run());
        model.tenants().addListener((ListChangeListener<TenantProgress>) c -> showCycleSteps.run());
        showCycleSteps.run();

        Label message = new Label();
        message.setId("cycle-message");
        message.setWrapText(true);
        message.textProperty().bind(model.cycleMessageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        model.cycleOutcomeProperty().addListener((obs, was, now) -> outcomeStyle(message, now));

        tenantRows.setId("live-tenants");
        model.tenants().addListener((ListChangeListener<TenantProgress>) c -> showTenants());
        showTenants();

        VBox card = new VBox(10, heading, steps, tenantRows, message);
        card.setId("live-cycle");
        card.getStyleClass().add("card");
        return card;
    }

    private List<Node> cycleSteps() {
        String phase = model.cyclePhaseProperty().get();
        String outcome = model.cycleOutcomeProperty().get();
        List<Node> labels = new ArrayList<>();
        // tenants train only after the export was fetched and prepared (also when this page joined late)
        boolean trained = model.tenants().stream().anyMatch(t -> !t.passed().isEmpty());
        String stoppedIn = !trained && ("failed".equals(outcome) || "cancelled".equals(outcome))
                ? model.cyclePhases().stream().reduce((a, b) -> b).orElse("") : "";
        for (String name : List.of("fetch", "prepare", "train")) {
            if (name.equals(stoppedIn)) {
                Label failed = new Label("✗ " + name);
                failed.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
                labels.add(failed);
            } else {
                boolean passed = model.cyclePhases().contains(name) || trained;
                labels.add(step(name, name.equals(phase), passed));
            }
        }
        if (!outcome.isEmpty()) {
            Label result = new Label("→ " + outcome);
            result.getStyleClass().add(Styles.TEXT_BOLD);
            outcomeStyle(result, outcome);
            labels.add(result);
        }
        return labels;
    }

    private void showTenants() {
        tenantRows.getChildren().clear();
        if (model.tenants().isEmpty()) {
            Label none = new Label("Each tenant's phase, progress and time left show here while a cycle runs.");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            tenantRows.getChildren().add(none);
            return;
        }
        for (TenantProgress t : model.tenants()) {
            tenantRows.getChildren().add(tenantRow(t));
        }
    }

    private Node tenantRow(TenantProgress t) {
        Label name = new Label("Tenant " + t.tenant());
        name.getStyleClass().add(Styles.TEXT_BOLD);
        name.setMinWidth(Region.USE_PREF_SIZE);

        ProgressBar bar = new ProgressBar();
        bar.setId("progress-" + t.tenant());
        // preparing a large tenant takes a while before the first epoch: show that something is happening
        bar.progressProperty().bind(Bindings.when(t.phaseProperty().isEqualTo("prepare"))
                .then(ProgressBar.INDETERMINATE_PROGRESS).otherwise(t.progressProperty()));
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);

        Label percent = new Label();
        percent.textProperty().bind(t.progressProperty().multiply(100).asString(Locale.ROOT, "%.0f%%"));
        percent.setMinWidth(48);
        Label left = new Label();
        left.setId("time-left-" + t.tenant());
        left.textProperty().bind(t.timeLeftProperty());
        left.getStyleClass().add(Styles.TEXT_MUTED);
        left.setMinWidth(160);

        HBox line = new HBox(14, name, bar, percent, left);
        line.setAlignment(Pos.CENTER_LEFT);

        HBox steps = new HBox(12);
        Runnable showSteps = () -> {
            steps.getChildren().clear();
            boolean done = "done".equals(t.phaseProperty().get());
            for (String phase : TrainingViewModel.TENANT_PHASES) {
                steps.getChildren().add(step(phase, !done && phase.equals(t.phaseProperty().get()),
                        t.passed().contains(phase)));
            }
        };
        t.phaseProperty().addListener((obs, was, now) -> showSteps.run());
        t.passed().addListener((SetChangeListener<String>) c -> {
            showSteps.run();
            showCycleSteps.run();
        });
        showSteps.run();

        Label detail = new Label();
        detail.setWrapText(true);
        Runnable showDetail = () -> {
            String outcome = t.outcomeProperty().get();
            if (outcome.isEmpty()) {
                detail.setText(t.configurationProperty().get().isEmpty() ? ""
                        : "Training " + t.configurationProperty().get());
                outcomeStyle(detail, "");
            } else {
                detail.setText(t.messageProperty().get());
                outcomeStyle(detail, outcome);
            }
        };
        t.configurationProperty().addListener((obs, was, now) -> showDetail.run());
        t.outcomeProperty().addListener((obs, was, now) -> showDetail.run());
        showDetail.run();

        detail.managedProperty().bind(detail.textProperty().isNotEmpty());
        detail.visibleProperty().bind(detail.managedProperty());
        VBox row = new VBox(6, line, steps, detail);
        row.setId("tenant-" + t.tenant());
        return row;
    }

    private static Label step(String name, boolean current, boolean passed) {
        Label label;
        if (current) {
            label = new Label("● " + name);
            label.getStyleClass().addAll(Styles.ACCENT, Styles.TEXT_BOLD);
        } else if (passed) {
            label = new Label("✓ " + name);
            label.getStyleClass().add(Styles.SUCCESS);
        } else {
            label = new Label("○ " + name);
            label.getStyleClass().add(Styles.TEXT_MUTED);
        }
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    // ---- learning curves

    private Node curvesCard() {
        Label title = new Label("Learning curves");
        title.getStyleClass().add("card-title");
        Label source = new Label();
        source.setId("curve-source");
        source.textProperty().bind(model.curveSourceProperty());
        source.getStyleClass().add(Styles.TEXT_MUTED);

        Label tenantLabel = new Label("Te_nant");
        ComboBox<String> tenant = new ComboBox<>(model.curveTenants());
        tenant.setId("curve-tenant");
        tenantLabel.setLabelFor(tenant);
        tenantLabel.setMnemonicParsing(true);
        // one way each: the combo box may clear its value while the tenants are replaced
        tenant.setValue(model.curveTenantProperty().get());
        model.curveTenantProperty().addListener((obs, was, now) -> tenant.setValue(now));
        // the combo box's skin clears its value after the items change: choose again once it has
        model.curveTenants().addListener((ListChangeListener<String>) c ->
                Platform.runLater(() -> tenant.setValue(model.curveTenantProperty().get())));
        tenant.setPrefWidth(110);
        tenant.setOnAction(e -> {
            if (tenant.getValue() != null) {
                model.curveTenantProperty().set(tenant.getValue());
            }
        });
        tenant.disableProperty().bind(Bindings.isEmpty(model.curveTenants()));

        Button live = new Button("Back to _live");
        live.setId("show-live");
        live.visibleProperty().bind(model.showingLiveProperty().not());
        live.managedProperty().bind(live.visibleProperty());
        live.setOnAction(e -> model.showLive());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox heading = new HBox(12, title, source, spacer, tenantLabel, tenant, live);
        heading.setAlignment(Pos.CENTER_LEFT);

        VBox card = new VBox(10, heading, charts.root());
        card.setId("curves");
        card.getStyleClass().add("card");
        return card;
    }

    // ---- history

    private Node historyCard() {
        Label title = new Label("History");
        title.getStyleClass().add("card-title");
        Label hint = new Label("Select a cycle to see its tenants, fetches and learning curves.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        HBox heading = new HBox(12, title, hint);
        heading.setAlignment(Pos.BASELINE_LEFT);

        historyTable.setId("history-table");
        historyTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        historyTable.getColumns().setAll(List.of(
                fixed(column("Started", 90, c -> Formats.dateTime(c.started(), clock))),
                fixed(column("Trigger", 80, c -> c.trigger().id())),
                fixed(column("Duration", 90, TrainingView::duration)),
                fixed(outcomeColumn("Outcome", 95, c -> c.outcome().id())),
                column("Message", 260, CycleRow::message)));
        Label empty = new Label();
        empty.textProperty().bind(model.historyMessageProperty());
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        historyTable.setPlaceholder(empty);
        model.cycles().addListener((ListChangeListener<CycleRow>) c -> syncRows());
        model.selectedCycleProperty().addListener((obs, was, now) -> syncSelection());
        historyTable.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!syncingSelection && now != null) {
                model.select(now);
            }
        });
        syncRows();

        TabPane details = new TabPane(new Tab("Tenants", tenantsTable()), new Tab("Fetches", fetchesTable()));
        details.setId("cycle-details");
        details.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        SplitPane split = new SplitPane(historyTable, details);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.55);
        split.setPrefHeight(320);

        VBox card = new VBox(10, heading, split);
        card.setId("history");
        card.getStyleClass().add("card");
        return card;
    }

    private Node tenantsTable() {
        TableView<TenantResultRow> table = new TableView<>(model.cycleTenants());
        table.setId("cycle-tenants");
        table.getColumns().setAll(List.of(
                column("Tenant", 75, TenantResultRow::tenant),
                outcomeColumn("Outcome", 95, r -> r.outcome().id()),
                column("Users", 75, r -> Formats.count(r.users())),
                column("Items", 75, r -> Formats.count(r.items())),
                column("Interactions", 110, r -> Formats.count(r.interactions())),
                column("AUC", 70, r -> Formats.metric(r.auc())),
                column("Precision@10 vs popularity", 190, r -> Formats.metric(r.precision10()) + " vs "
                        + Formats.metric(r.popularityPrecision10())),
                column("Hyper-parameters", 230, r -> r.hyperParameters().isEmpty() ? "–" : r.hyperParameters()),
                column("Model file", 200, r -> r.modelFile() == null ? "–" : r.modelFile()),
                column("Message", 220, TenantResultRow::message)));
        table.setPlaceholder(muted("Select a cycle in the history to see its tenants."));
        return table;
    }

    private Node fetchesTable() {
        TableView<FetchRow> table = new TableView<>(model.cycleFetches());
        table.setId("cycle-fetches");
        table.getColumns().setAll(List.of(
                column("At", 80, f -> Formats.dateTime(f.at(), clock)),
                column("File", 170, FetchRow::file),
                column("HTTP", 50, f -> f.httpStatus() == 0 ? "–" : Integer.toString(f.httpStatus())),
                column("Size", 80, f -> ByteSize.text(f.bytes())),
                column("Time", 70, f -> Formats.millis(f.millis())),
                column("Outcome", 200, FetchRow::outcome)));
        table.setPlaceholder(muted("No export fetches: none selected, or the export came from a folder."));
        return table;
    }

    /** Shows the view model's rows without letting the table's own re-selection drill into another cycle. */
    private void syncRows() {
        syncingSelection = true;
        try {
            historyRows.setAll(model.cycles());
        } finally {
            syncingSelection = false;
        }
        syncSelection();
    }

    private void syncSelection() {
        syncingSelection = true;
        try {
            CycleRow want = model.selectedCycleProperty().get();
            if (want == null) {
                historyTable.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < historyRows.size(); i++) {
                if (historyRows.get(i).id() == want.id()) {
                    if (historyTable.getSelectionModel().getSelectedIndex() != i) {
                        historyTable.getSelectionModel().clearAndSelect(i);
                    }
                    return;
                }
            }
            historyTable.getSelectionModel().clearSelection();
        } finally {
            syncingSelection = false;
        }
    }

    // ---- helpers

    private static <S> TableColumn<S, String> column(String title, double width, Function<S, String> text) {
        TableColumn<S, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> constant(text.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setSortable(false);
        return column;
    }

    /** A column that keeps its width when the table is narrow (the message column gives way). */
    private static <S> TableColumn<S, String> fixed(TableColumn<S, String> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    private static <S> TableColumn<S, String> outcomeColumn(String title, double width, Function<S, String> text) {
        TableColumn<S, String> column = column(title, width, text);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                String style = empty || item == null ? null : outcomeStyle(item);
                // table cells take no colour classes: the theme's colour of the same name, inline
                setStyle(style == null || style.equals(Styles.TEXT_MUTED) ? ""
                        : "-fx-text-fill: -color-" + style + "-fg;");
            }
        });
        return column;
    }

    private static ObservableValue<String> constant(String value) {
        return new ReadOnlyStringWrapper(value).getReadOnlyProperty();
    }

    private static void outcomeStyle(Label label, String outcome) {
        label.getStyleClass().removeAll(OUTCOME_STYLES);
        String style = outcomeStyle(outcome);
        if (style != null) {
            label.getStyleClass().add(style);
        }
    }

    /** The colour of an outcome: good, kept an old model, failed, still running. */
    private static String outcomeStyle(String outcome) {
        return switch (outcome) {
            case "ok", "trained" -> Styles.SUCCESS;
            case "partial", "kept", "insufficient", "cancelled" -> Styles.WARNING;
            case "failed" -> Styles.DANGER;
            case "running" -> Styles.ACCENT;
            default -> null;
        };
    }

    private static String duration(CycleRow c) {
        if (c.finished() == null) {
            return c.running() ? "running…" : "–";
        }
        return Formats.duration(java.time.Duration.between(c.started(), c.finished()));
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setWrapText(true);
        return label;
    }
}
