package io.mlservice.console.dashboard;

import atlantafx.base.theme.Styles;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import io.mlservice.console.EaseFigures;
import io.mlservice.console.Formats;
import io.mlservice.model.TrainingOrigin;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Dashboard page: status cards for the API, the schedule, the last fetch and Totara; a card per tenant's model;
 * the API's requests and latency over the last hour. Polls its view model every two seconds while shown.
 */
public final class DashboardView implements ConsoleView {
    private static final Duration POLL = Duration.seconds(2);
    private static final double TENANT_CARD_WIDTH = 280;

    private final DashboardViewModel model;
    private final Clock clock;
    private final ScrollPane root;
    private final Timeline poll;
    private final FlowPane tenantCards = new FlowPane(12, 12);
    private final XYChart.Series<Number, Number> requests = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> p50 = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> p99 = new XYChart.Series<>();

    public DashboardView(ConsoleContext context) {
        this.model = new DashboardViewModel(context);
        this.clock = context.clock();

        VBox page = new VBox(20, header(), statusCards(), modelsSection(), trafficSection());
        page.setPadding(new Insets(4, 8, 16, 4));
        root = new ScrollPane(page);
        root.setId("dashboard-page");
        root.setFitToWidth(true);
        root.getStyleClass().add(Styles.BG_DEFAULT);
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F5) {
                model.refreshAll();
                e.consume();
            }
        });

        model.tenants().addListener((ListChangeListener<TenantCard>) c -> showTenants());
        model.traffic().addListener((ListChangeListener<TrafficPoint>) c -> showTraffic());

        poll = new Timeline(new KeyFrame(POLL, e -> {
            if (root.getScene() != null) {
                model.refresh();
            }
        }));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        model.refresh();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.refresh();
    }

    @Override
    public void close() {
        poll.stop();
        model.close();
    }

    private Node header() {
        Label title = new Label("Dashboard");
        title.getStyleClass().add(Styles.TITLE_3);
        Label updated = new Label();
        updated.setId("dashboard-updated");
        updated.getStyleClass().add(Styles.TEXT_MUTED);
        updated.textProperty().bind(model.updatedProperty());
        Button refresh = new Button("_Refresh");
        refresh.setId("dashboard-refresh");
        refresh.setOnAction(e -> model.refreshAll());
        refresh.disableProperty().bind(model.runningProperty().not());
        Button trainNow = new Button("_Train now");
        trainNow.setId("dashboard-train-now");
        trainNow.getStyleClass().add(Styles.ACCENT);
        trainNow.setOnAction(e -> model.trainNow());
        trainNow.disableProperty().bind(model.runningProperty().not().or(model.trainingProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, spacer, updated, refresh, trainNow);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private Node statusCards() {
        StatusCard apiCard = new StatusCard("api", "API", model.apiProperty());
        Label warning = new Label();
        warning.setId("api-warning");
        warning.setWrapText(true);
        warning.setMaxWidth(Double.MAX_VALUE);
        warning.textProperty().bind(model.apiWarningProperty());
        HBox warningBox = new HBox(warning);
        warningBox.getStyleClass().addAll("notice", "notice-warning");
        warningBox.setPadding(new Insets(6, 10, 6, 10));
        warningBox.visibleProperty().bind(model.apiWarningProperty().isNotEmpty());
        warningBox.managedProperty().bind(warningBox.visibleProperty());
        apiCard.box.getChildren().add(warningBox);

        StatusCard scheduleCard = new StatusCard("schedule", "Training schedule", model.scheduleProperty());
        StatusCard fetchCard = new StatusCard("fetch", "Last fetch", model.fetchProperty());
        StatusCard totaraCard = new StatusCard("totara", "Totara", model.totaraProperty());
        Button check = new Button("Check _now");
        check.setId("totara-check");
        check.getStyleClass().add(Styles.SMALL);
        check.setOnAction(e -> model.checkTotara());
        check.disableProperty().bind(model.checkingTotaraProperty().or(model.runningProperty().not()));
        Label checking = new Label("asking Totara…");
        checking.getStyleClass().add(Styles.TEXT_MUTED);
        checking.visibleProperty().bind(model.checkingTotaraProperty());
        HBox checkRow = new HBox(8, check, checking);
        checkRow.setAlignment(Pos.CENTER_LEFT);
        totaraCard.box.getChildren().add(checkRow);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(12);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPercentWidth(50);
            column.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(column);
        }
        grid.add(apiCard.box, 0, 0);
        grid.add(scheduleCard.box, 1, 0);
        grid.add(fetchCard.box, 0, 1);
        grid.add(totaraCard.box, 1, 1);
        return grid;
    }

    private Node modelsSection() {
        Label title = new Label("Models");
        title.getStyleClass().add(Styles.TITLE_4);
        Label note = new Label();
        note.setId("models-note");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.textProperty().bind(model.modelsNoteProperty());
        note.visibleProperty().bind(model.modelsNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        tenantCards.setId("tenant-cards");
        return new VBox(8, title, note, tenantCards);
    }

    private Node trafficSection() {
        Label title = new Label("API traffic, last hour");
        title.getStyleClass().add(Styles.TITLE_4);
        requests.setName("requests per minute");
        p50.setName("p50");
        p99.setName("p99");
        LineChart<Number, Number> requestsChart = chart("requests-chart", "requests / min");
        requestsChart.setLegendVisible(false);
        requestsChart.getData().add(requests);
        LineChart<Number, Number> latencyChart = chart("latency-chart", "ms");
        latencyChart.getData().addAll(List.of(p50, p99));
        VBox requestsCard = chartCard("Requests per minute", requestsChart);
        VBox latencyCard = chartCard("Latency (p50 / p99)", latencyChart);
        HBox.setHgrow(requestsCard, Priority.ALWAYS);
        HBox.setHgrow(latencyCard, Priority.ALWAYS);
        requestsCard.setMaxWidth(Double.MAX_VALUE);
        latencyCard.setMaxWidth(Double.MAX_VALUE);
        requestsCard.setPrefWidth(100);
        latencyCard.setPrefWidth(100);
        return new VBox(8, title, new HBox(12, requestsCard, latencyCard));
    }

    private static VBox chartCard(String title, LineChart<Number, Number> chart) {
        Label label = new Label(title);
        label.getStyleClass().add("card-title");
        VBox card = new VBox(4, label, chart);
        card.getStyleClass().add("card");
        return card;
    }

    private static LineChart<Number, Number> chart(String id, String unit) {
        NumberAxis x = new NumberAxis(-(Traffic.MINUTES - 1), 0, 10);
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                int minutes = -n.intValue();
                return minutes == 0 ? "now" : minutes + " min";
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        y.setLabel(unit);
        y.setMinorTickVisible(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setPrefHeight(220);
        chart.setMinHeight(180);
        return chart;
    }

    private void showTraffic() {
        List<TrafficPoint> points = model.traffic();
        List<XYChart.Data<Number, Number>> rate = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> median = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> tail = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            TrafficPoint p = points.get(i);
            int x = i - (points.size() - 1);
            rate.add(new XYChart.Data<>(x, p.perMinute()));
            if (!Double.isNaN(p.p50Millis())) {
                median.add(new XYChart.Data<>(x, p.p50Millis()));
            }
            if (!Double.isNaN(p.p99Millis())) {
                tail.add(new XYChart.Data<>(x, p.p99Millis()));
            }
        }
        requests.getData().setAll(rate);
        p50.getData().setAll(median);
        p99.getData().setAll(tail);
    }

    private void showTenants() {
        List<Node> cards = new ArrayList<>();
        for (TenantCard t : model.tenants()) {
            cards.add(tenantCard(t));
        }
        tenantCards.getChildren().setAll(cards);
    }

    private Node tenantCard(TenantCard t) {
        String id = "tenant-" + t.tenant();
        Label title = new Label("Tenant " + t.tenant());
        title.getStyleClass().add("card-title");
        Label headline = new Label(t.trained()
                ? "Trained " + Formats.dateTime(t.trainedAt(), clock)
                : "Not trained");
        headline.setId(id + "-status");
        headline.getStyleClass().addAll(Styles.TITLE_4, t.trained() ? Styles.SUCCESS : Styles.WARNING);
        VBox card = new VBox(8, title, headline);
        if (!t.trained()) {
            Label why = new Label(t.message());
            why.setId(id + "-message");
            why.setWrapText(true);
            card.getChildren().add(why);
        } else {
            GridPane facts = new GridPane();
            facts.setHgap(12);
            facts.setVgap(4);
            int row = 0;
            fact(facts, row++, "Algorithm", t.algorithm(), id + "-algorithm");
            fact(facts, row++, "Trained by", trainedBy(t.origin()), id + "-trained-by");
            fact(facts, row++, "Users", Formats.count(t.users()), id + "-users");
            fact(facts, row++, "Items", Formats.count(t.items()), id + "-items");
            fact(facts, row++, "Interactions", Formats.count(t.interactions()), id + "-interactions");
            fact(facts, row++, "Precision@10", Formats.metric(t.precision10()), id + "-precision");
            fact(facts, row++, "Popularity@10", Formats.metric(t.popularityPrecision10()), id + "-popularity");
            Label ease = fact(facts, row++, "EASE^R@10", EaseFigures.figure(t.easePrecision10()), id + "-ease");
            if (t.easeNote() != null) {
                ease.getStyleClass().add(Styles.TEXT_MUTED);
                Tooltip why = new Tooltip(t.easeNote());
                why.setWrapText(true);
                why.setMaxWidth(360);
                ease.setTooltip(why);
            }
            fact(facts, row, "AUC", Formats.metric(t.auc()), id + "-auc");
            card.getChildren().add(facts);
            Label since = new Label("serving since " + Formats.dateTime(t.servingSince(), clock));
            since.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            card.getChildren().add(since);
        }
        if (t.note() != null) {
            Label note = new Label(t.note());
            note.setId(id + "-note");
            note.setWrapText(true);
            note.getStyleClass().add(Styles.WARNING);
            card.getChildren().add(note);
        }
        card.setId(id + "-card");
        card.getStyleClass().add("card");
        card.setPrefWidth(TENANT_CARD_WIDTH);
        return card;
    }

    /** "full search", or "warm retrain (last full search today 17:27)". */
    private String trainedBy(TrainingOrigin origin) {
        if (!origin.warm()) {
            return origin.describe();
        }
        return origin.describe() + " (last full search "
                + Formats.dateTime(Instant.ofEpochSecond(origin.fullSearchAtEpochSeconds()), clock) + ")";
    }

    private static Label fact(GridPane grid, int row, String name, String value, String id) {
        Label n = new Label(name);
        n.getStyleClass().add(Styles.TEXT_MUTED);
        n.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.setId(id);
        grid.addRow(row, n, v);
        return v;
    }

    /** A card whose headline and detail follow a {@link CardState}. */
    private static final class StatusCard {
        final VBox box;
        private final Label headline = new Label();
        private final Label detail = new Label();

        StatusCard(String id, String title, ObservableValue<CardState> state) {
            Label label = new Label(title);
            label.getStyleClass().add("card-title");
            headline.setId(id + "-status");
            headline.getStyleClass().add(Styles.TITLE_4);
            headline.setWrapText(true);
            detail.setId(id + "-detail");
            detail.getStyleClass().add(Styles.TEXT_MUTED);
            detail.setWrapText(true);
            box = new VBox(6, label, headline, detail);
            box.setId(id + "-card");
            box.getStyleClass().add("card");
            box.setMaxHeight(Double.MAX_VALUE);
            show(state.getValue());
            state.addListener((obs, was, now) -> show(now));
        }

        private void show(CardState s) {
            headline.setText(s.headline());
            detail.setText(s.detail());
            headline.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
            switch (s.status()) {
                case OK -> headline.getStyleClass().add(Styles.SUCCESS);
                case WARNING -> headline.getStyleClass().add(Styles.WARNING);
                case DANGER -> headline.getStyleClass().add(Styles.DANGER);
                case NEUTRAL -> {
                }
            }
            detail.setVisible(!s.detail().isEmpty());
            detail.setManaged(detail.isVisible());
        }
    }
}
