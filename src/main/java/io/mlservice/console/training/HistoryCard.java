package io.mlservice.console.training;

import io.mlservice.format.ByteSize;
import atlantafx.base.theme.Styles;
import io.mlservice.console.EaseFigures;
import io.mlservice.console.Formats;
import io.mlservice.history.CycleRow;
import io.mlservice.history.FetchRow;
import io.mlservice.history.TenantResultRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Training page's history card: the recent cycles, and the selected one's tenants and fetches. Selecting a row
 * drills down into that cycle; the table follows the selection the view model keeps.
 */
final class HistoryCard {
    private final CycleHistory history;
    private final Clock clock;
    private final ObservableList<CycleRow> historyRows = FXCollections.observableArrayList();
    private final TableView<CycleRow> historyTable = new TableView<>(historyRows);
    private final VBox root;
    private boolean syncingSelection;

    HistoryCard(CycleHistory history, Clock clock, Consumer<CycleRow> select) {
        this.history = history;
        this.clock = clock;
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
                fixed(column("Duration", 90, HistoryCard::duration)),
                fixed(outcomeColumn("Outcome", 95, CycleRow::outcome, OutcomeStyles::of)),
                column("Message", 260, CycleRow::message)));
        Label empty = new Label();
        empty.textProperty().bind(history.messageProperty());
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        historyTable.setPlaceholder(empty);
        history.cycles().addListener((ListChangeListener<CycleRow>) c -> syncRows());
        history.selectedProperty().addListener((obs, was, now) -> syncSelection());
        historyTable.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!syncingSelection && now != null) {
                select.accept(now);
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

        root = new VBox(10, heading, split);
        root.setId("history");
        root.getStyleClass().add("card");
    }

    Node root() {
        return root;
    }

    private Node tenantsTable() {
        TableView<TenantResultRow> table = new TableView<>(history.tenants());
        table.setId("cycle-tenants");
        table.getColumns().setAll(List.of(
                column("Tenant", 75, TenantResultRow::tenant),
                outcomeColumn("Outcome", 95, TenantResultRow::outcome, OutcomeStyles::of),
                column("Users", 75, r -> Formats.count(r.users())),
                column("Items", 75, r -> Formats.count(r.items())),
                column("Interactions", 120, r -> Formats.count(r.interactions())),
                column("AUC", 70, r -> Formats.metric(r.auc())),
                column("Precision@10 vs popularity", 245, r -> Formats.metric(r.precision10()) + " vs "
                        + Formats.metric(r.popularityPrecision10())),
                explained(column("EASE^R AUC / p@10 / r@10", 235, EaseFigures::ofResult),
                        EaseFigures::whyNotMeasured),
                column("Hyper-parameters", 230, r -> r.hyperParameters().isEmpty() ? "–" : r.hyperParameters()),
                column("Model file", 200, r -> r.modelFile() == null ? "–" : r.modelFile()),
                column("Message", 220, TenantResultRow::message)));
        table.setPlaceholder(muted("Select a cycle in the history to see its tenants."));
        return table;
    }

    private Node fetchesTable() {
        TableView<FetchRow> table = new TableView<>(history.fetches());
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
            historyRows.setAll(history.cycles());
        } finally {
            syncingSelection = false;
        }
        syncSelection();
    }

    private void syncSelection() {
        syncingSelection = true;
        try {
            CycleRow want = history.selectedProperty().get();
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

    /** A column whose cells carry a tooltip where {@code why} has something to explain (null: nothing). */
    private static <S> TableColumn<S, String> explained(TableColumn<S, String> column, Function<S, String> why) {
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                S row = empty ? null : getTableRow().getItem();
                String text = row == null ? null : why.apply(row);
                if (text == null) {
                    setTooltip(null);
                } else {
                    Tooltip tooltip = new Tooltip(text);
                    tooltip.setWrapText(true);
                    tooltip.setMaxWidth(360);
                    setTooltip(tooltip);
                }
            }
        });
        return column;
    }

    /** A column that keeps its width when the table is narrow (the message column gives way). */
    private static <S, T> TableColumn<S, T> fixed(TableColumn<S, T> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    /** A column of outcomes in their colours. */
    private static <S, O extends Enum<O>> TableColumn<S, O> outcomeColumn(String title, double width,
                                                                        Function<S, O> outcome,
                                                                        Function<O, String> styleOf) {
        TableColumn<S, O> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(outcome.apply(c.getValue())).getReadOnlyProperty());
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(O item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name().toLowerCase(Locale.ROOT));
                String style = empty || item == null ? null : styleOf.apply(item);
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

    private static String duration(CycleRow c) {
        if (c.finished() == null) {
            return c.running() ? "running…" : "–";
        }
        return Formats.duration(Duration.between(c.started(), c.finished()));
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setWrapText(true);
        return label;
    }
}
