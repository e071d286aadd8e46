package io.mlservice.console;

import io.mlservice.console.ConsoleContext.Page;
import io.mlservice.console.dashboard.DashboardView;
import io.mlservice.console.logs.LogsView;
import io.mlservice.console.preview.PreviewView;
import io.mlservice.console.settings.SettingsView;
import io.mlservice.console.training.TrainingView;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The main window's content: a navigation bar on the left (Ctrl+1 to Ctrl+5), the notices across the top and the
 * chosen page in the middle. Pages are built on first use.
 */
final class MainWindow implements ConsoleContext.Navigator {
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final VBox noticeBox = new VBox(6);
    private final ToggleGroup navigation = new ToggleGroup();
    private final Map<Page, ToggleButton> buttons = new EnumMap<>(Page.class);
    private final Map<Page, ConsoleView> views = new EnumMap<>(Page.class);
    private final Map<Page, Function<ConsoleContext, ConsoleView>> factories = new EnumMap<>(Page.class);
    private final Label status = new Label();
    private ConsoleContext context;
    private Page current;

    MainWindow() {
        factories.put(Page.DASHBOARD, DashboardView::new);
        factories.put(Page.TRAINING, TrainingView::new);
        factories.put(Page.PREVIEW, PreviewView::new);
        factories.put(Page.SETTINGS, SettingsView::new);
        factories.put(Page.LOGS, LogsView::new);
        root.setId("main-window");
        root.setLeft(navigationBar());
        content.setPadding(new Insets(12));
        VBox.setVgrow(content, Priority.ALWAYS);
        noticeBox.setPadding(new Insets(0, 12, 0, 12));
        VBox centre = new VBox(noticeBox, content);
        centre.setPadding(new Insets(12, 0, 0, 0));
        root.setCenter(centre);
        status.setId("status-line");
        status.getStyleClass().add("text-muted");
        HBox statusBar = new HBox(status);
        statusBar.setPadding(new Insets(4, 12, 6, 12));
        root.setBottom(statusBar);
    }

    /** Connects the window to its context (which needs the window as navigator, hence not in the constructor). */
    void attach(ConsoleContext context) {
        this.context = context;
        context.notices().shown().addListener((ListChangeListener<Notices.Notice>) c -> showNotices());
        show(Page.DASHBOARD);
    }

    Node root() {
        return root;
    }

    void setStatus(String text) {
        status.setText(text);
    }

    @Override
    public void show(Page page) {
        ConsoleView view = views.computeIfAbsent(page, p -> factories.get(p).apply(context));
        content.getChildren().setAll(view.root());
        buttons.get(page).setSelected(true);
        current = page;
        view.shown();
    }

    @Override
    public void refreshCurrent() {
        if (current != null) {
            views.get(current).shown();
        }
    }

    /** Closes every page that was built. */
    void close() {
        views.values().forEach(ConsoleView::close);
    }

    private Node navigationBar() {
        Label brand = new Label("ML Service");
        brand.getStyleClass().add("title-4");
        brand.setPadding(new Insets(4, 8, 12, 8));
        VBox bar = new VBox(4, brand);
        bar.setId("navigation");
        bar.setPadding(new Insets(12));
        bar.setPrefWidth(170);
        bar.getStyleClass().add("navigation-bar");
        for (Page page : Page.values()) {
            ToggleButton b = new ToggleButton(page.title());
            b.setId("nav-" + page.name().toLowerCase(Locale.ROOT));
            b.setToggleGroup(navigation);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.setOnAction(e -> show(page));
            // a selected page stays selected when clicked again
            b.selectedProperty().addListener((obs, was, now) -> {
                if (!now && navigation.getSelectedToggle() == null) {
                    b.setSelected(true);
                }
            });
            buttons.put(page, b);
            bar.getChildren().add(b);
        }
        return bar;
    }

    /** Ctrl+1 (Cmd+1 on macOS) to Ctrl+5 open the pages in the navigation bar's order. */
    void installShortcuts(Scene scene) {
        for (Page page : Page.values()) {
            KeyCode digit = KeyCode.valueOf("DIGIT" + (page.ordinal() + 1));
            scene.getAccelerators().put(new KeyCodeCombination(digit, KeyCombination.SHORTCUT_DOWN),
                    () -> show(page));
        }
    }

    private void showNotices() {
        noticeBox.getChildren().clear();
        for (Notices.Notice n : context.notices().shown()) {
            Label text = new Label(n.text());
            text.setWrapText(true);
            text.setMaxWidth(Double.MAX_VALUE);
            text.setMinHeight(Region.USE_PREF_SIZE);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox box = new HBox(12, text);
            box.setId("notice-" + n.id());
            box.setAlignment(Pos.CENTER_LEFT);
            box.setPadding(new Insets(8, 12, 8, 12));
            box.getStyleClass().addAll("notice", "notice-" + n.level().name().toLowerCase(Locale.ROOT));
            if (n.action() != null) {
                Button action = new Button(n.action());
                action.setOnAction(e -> n.onAction().run());
                action.setMinWidth(Region.USE_PREF_SIZE);
                box.getChildren().add(action);
            }
            noticeBox.getChildren().add(box);
        }
    }
}
