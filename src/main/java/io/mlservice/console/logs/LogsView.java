package io.mlservice.console.logs;

import atlantafx.base.theme.Styles;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import io.mlservice.logging.LogFeed;
import io.mlservice.logging.ServiceLogging;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.List;

/**
 * The Logs page: the service's log live, with a level filter, a search that filters as you type, auto-scroll, copy,
 * and buttons that open the logs and models folders. New lines are added in batches several times a second.
 */
public final class LogsView implements ConsoleView {
    private static final Duration FLUSH = Duration.millis(150);
    /** Lines of one entry a cell shows at most. */
    private static final int CELL_LINES = 12;
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final LogsViewModel model;
    private final BorderPane root = new BorderPane();
    private final ListView<LogFeed.Line> list;
    private final TextField search = new TextField();
    private final Timeline flusher;

    public LogsView(ConsoleContext context) {
        this.model = new LogsViewModel(context, ServiceLogging.feed(), new DesktopFolders(),
                LogsView::copyToClipboard, LogsViewModel.CAPACITY);
        root.setId("logs-page");

        list = new ListView<>(model.shown());
        list.setId("logs-list");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(v -> new LineCell());
        list.setPlaceholder(new Label("No log lines match."));
        list.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copy();
                e.consume();
            }
        });
        model.shown().addListener((ListChangeListener<LogFeed.Line>) c -> followNewLines());

        root.setTop(toolbar());
        root.setCenter(list);
        root.setBottom(statusBar());
        BorderPane.setMargin(list, new Insets(8, 0, 8, 0));
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (FIND.match(e)) {
                search.requestFocus();
                search.selectAll();
                e.consume();
            }
        });

        flusher = new Timeline(new KeyFrame(FLUSH, e -> model.flush()));
        flusher.setCycleCount(Timeline.INDEFINITE);
        flusher.play();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.flush();
        followNewLines();
    }

    @Override
    public void close() {
        flusher.stop();
        model.close();
    }

    private Node toolbar() {
        Label title = new Label("Logs");
        title.getStyleClass().add(Styles.TITLE_3);

        ComboBox<LogsViewModel.Level> level = new ComboBox<>();
        level.getItems().setAll(LogsViewModel.Level.values());
        level.setId("logs-level");
        level.valueProperty().bindBidirectional(model.levelProperty());
        Label levelLabel = new Label("_Level");
        levelLabel.setMnemonicParsing(true);
        levelLabel.setLabelFor(level);

        search.setId("logs-search");
        search.setPromptText("Search (Ctrl+F)");
        search.setPrefColumnCount(22);
        search.textProperty().bindBidirectional(model.searchProperty());
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
                e.consume();
            }
        });

        CheckBox follow = new CheckBox("_Follow new lines");
        follow.setId("logs-autoscroll");
        follow.selectedProperty().bindBidirectional(model.autoScrollProperty());
        follow.selectedProperty().addListener((obs, was, now) -> followNewLines());

        Button copy = new Button("_Copy");
        copy.setId("logs-copy");
        copy.setOnAction(e -> copy());
        Button openLogs = new Button("Open l_ogs folder");
        openLogs.setId("logs-open-logs");
        openLogs.setOnAction(e -> model.openLogsFolder());
        Button openModels = new Button("Open _models folder");
        openModels.setId("logs-open-models");
        openModels.setOnAction(e -> model.openModelsFolder());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(10, title, spacer, openLogs, openModels);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(search, Priority.ALWAYS);
        search.setMaxWidth(480);
        HBox filters = new HBox(10, levelLabel, level, search, follow, copy);
        filters.setAlignment(Pos.CENTER_LEFT);
        for (Region r : List.of(level, follow, copy, openLogs, openModels, levelLabel)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        return new VBox(10, top, filters);
    }

    private Node statusBar() {
        Label count = new Label();
        count.setId("logs-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(
                () -> model.shown().size() + " of " + model.lines().size() + " lines (the last "
                        + String.format("%,d", model.capacity()) + " are kept)",
                model.shown(), model.lines()));
        Label folder = new Label();
        folder.setId("logs-folder-message");
        folder.setWrapText(true);
        folder.textProperty().bind(model.folderMessageProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, folder, spacer, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void copy() {
        List<LogFeed.Line> selected = List.copyOf(list.getSelectionModel().getSelectedItems());
        model.copy(selected);
    }

    private void followNewLines() {
        if (model.autoScrollProperty().get() && !model.shown().isEmpty()) {
            list.scrollTo(model.shown().size() - 1);
        }
    }

    private static void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The text with a long stack trace cut to its first lines (Copy still copies it whole). */
    static String shortened(String text) {
        int end = -1;
        for (int i = 0; i < CELL_LINES; i++) {
            end = text.indexOf('\n', end + 1);
            if (end < 0) {
                return text;
            }
        }
        long more = text.substring(end + 1).lines().count();
        return text.substring(0, end) + "\n        … " + more + " more lines (Copy copies them all)";
    }

    /** One log line in a monospaced font, coloured by level. */
    private static final class LineCell extends ListCell<LogFeed.Line> {
        LineCell() {
            getStyleClass().add("log-line");
        }

        @Override
        protected void updateItem(LogFeed.Line line, boolean empty) {
            super.updateItem(line, empty);
            getStyleClass().removeAll("log-error", "log-warn", "log-debug");
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(shortened(line.text()));
            switch (line.level()) {
                case "ERROR" -> getStyleClass().add("log-error");
                case "WARN" -> getStyleClass().add("log-warn");
                case "DEBUG", "TRACE" -> getStyleClass().add("log-debug");
                default -> {
                }
            }
        }
    }
}
