package io.mlservice.console.training;

import io.mlservice.history.EpochRow;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Three line charts over the same curves: training loss, held-out AUC and held-out precision@10 per epoch, one
 * series per configuration (search candidate or final fit), in the same colours in all three. Epochs that were
 * not scored leave no point in the quality charts.
 */
final class CurveCharts {

    /** One number of an epoch. */
    interface Value {
        double of(EpochRow row);
    }

    /** What a chart plots. */
    enum Measure {
        LOSS("loss-chart", "Training loss (WARP)", "%.2f", EpochRow::meanLoss),
        AUC("auc-chart", "Held-out AUC", "%.3f", EpochRow::auc),
        PRECISION("precision-chart", "Held-out precision@10", "%.3f", EpochRow::precision10);

        final String id;
        final String title;
        final String format;
        final Value value;

        Measure(String id, String title, String format, Value value) {
            this.id = id;
            this.title = title;
            this.format = format;
            this.value = value;
        }
    }

    /** What a quality chart says when the shown configurations were trained without held-out scoring. */
    private static final String UNSCORED = "No held-out scores: only the hyper-parameter search scores its epochs "
            + "(a fixed configuration and the final fit are not scored).";

    private final ObservableList<Curve> curves;
    private final ObservableStringValue placeholder;
    private final Map<Measure, LineChart<Number, Number>> charts = new EnumMap<>(Measure.class);
    private final Map<Measure, Label> placeholders = new EnumMap<>(Measure.class);
    private final Map<Curve, ListChangeListener<EpochRow>> watched = new IdentityHashMap<>();
    private final HBox chartRow = new HBox(12);
    private final FlowPane legend = new FlowPane(18, 6);
    private final VBox root = new VBox(8, chartRow, legend);

    CurveCharts(ObservableList<Curve> curves, ObservableStringValue placeholder) {
        this.curves = curves;
        this.placeholder = placeholder;
        for (Measure m : Measure.values()) {
            LineChart<Number, Number> chart = newChart(m);
            charts.put(m, chart);
            Label empty = new Label();
            empty.getStyleClass().add("text-muted");
            empty.setWrapText(true);
            empty.setMaxWidth(240);
            empty.setMouseTransparent(true);
            empty.setStyle("-fx-background-color: -color-bg-default; -fx-background-radius: 6; "
                    + "-fx-border-color: -color-border-muted; -fx-border-radius: 6; -fx-padding: 8 10 8 10;");
            placeholders.put(m, empty);
            StackPane box = new StackPane(chart, empty);
            box.setMinWidth(0);
            HBox.setHgrow(box, Priority.ALWAYS);
            chartRow.getChildren().add(box);
        }
        // one legend for the three charts: the same configuration has the same colour in each
        legend.setId("curve-legend");
        legend.setAlignment(Pos.CENTER);
        placeholder.addListener((obs, was, now) -> updatePlaceholders());
        curves.addListener((ListChangeListener<Curve>) c -> rebuild());
        rebuild();
    }

    Node root() {
        return root;
    }

    private static LineChart<Number, Number> newChart(Measure m) {
        NumberAxis epochs = new NumberAxis();
        epochs.setLabel("epoch");
        epochs.setForceZeroInRange(false);
        epochs.setMinorTickVisible(false);
        epochs.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue();
                return v == Math.rint(v) ? Long.toString((long) v) : "";
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        });
        NumberAxis values = new NumberAxis();
        values.setForceZeroInRange(false);
        values.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return String.format(Locale.ROOT, m.format, n.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        });
        LineChart<Number, Number> chart = new LineChart<>(epochs, values);
        chart.setId(m.id);
        chart.setTitle(m.title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setPrefHeight(240);
        chart.setMinWidth(0);
        return chart;
    }

    /** The curves changed (another tenant or cycle, a new configuration): every series anew. */
    private void rebuild() {
        watched.forEach((curve, l) -> curve.points().removeListener(l));
        watched.clear();
        for (Measure m : Measure.values()) {
            List<XYChart.Series<Number, Number>> all = new ArrayList<>();
            for (Curve curve : curves) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName(curve.label());
                s.getData().setAll(points(curve.points(), m));
                all.add(s);
            }
            charts.get(m).getData().setAll(all);
        }
        legend.getChildren().clear();
        for (int i = 0; i < curves.size(); i++) {
            legend.getChildren().add(legendItem(i, curves.get(i).label()));
        }
        for (int i = 0; i < curves.size(); i++) {
            Curve curve = curves.get(i);
            int index = i;
            ListChangeListener<EpochRow> l = c -> extend(index, c);
            curve.points().addListener(l);
            watched.put(curve, l);
        }
        updatePlaceholders();
    }

    /** A line in the series' colour (the theme's chart colours, in the order the charts use them) and its name. */
    private static Node legendItem(int index, String text) {
        Region swatch = new Region();
        swatch.setMinSize(18, 4);
        swatch.setMaxSize(18, 4);
        swatch.setStyle("-fx-background-color: -color-chart-" + (index % 8 + 1) + "; -fx-background-radius: 2;");
        Label label = new Label(text);
        HBox item = new HBox(6, swatch, label);
        item.setAlignment(Pos.CENTER_LEFT);
        return item;
    }

    /** New epochs of one curve: appended to its series, or the series redone when old epochs were dropped. */
    private void extend(int index, ListChangeListener.Change<? extends EpochRow> change) {
        Curve curve = curves.get(index);
        boolean onlyAdded = true;
        List<EpochRow> added = new ArrayList<>();
        while (change.next()) {
            if (change.wasRemoved() || change.wasPermutated() || change.wasUpdated()) {
                onlyAdded = false;
            } else if (change.wasAdded()) {
                added.addAll(change.getAddedSubList());
            }
        }
        for (Measure m : Measure.values()) {
            ObservableList<XYChart.Data<Number, Number>> data = charts.get(m).getData().get(index).getData();
            if (onlyAdded) {
                data.addAll(points(added, m));
            } else {
                data.setAll(points(curve.points(), m));
            }
        }
        updatePlaceholders();
    }

    private static List<XYChart.Data<Number, Number>> points(List<? extends EpochRow> rows, Measure m) {
        List<XYChart.Data<Number, Number>> points = new ArrayList<>(rows.size());
        for (EpochRow row : rows) {
            double v = m.value.of(row);
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                points.add(new XYChart.Data<>(row.epoch(), v));
            }
        }
        return points;
    }

    private void updatePlaceholders() {
        for (Measure m : Measure.values()) {
            boolean empty = charts.get(m).getData().stream().allMatch(s -> s.getData().isEmpty());
            Label label = placeholders.get(m);
            label.setVisible(empty);
            charts.get(m).setOpacity(empty ? 0.4 : 1);
            label.setText(m != Measure.LOSS && !curves.isEmpty() ? UNSCORED : placeholder.get());
        }
    }
}
