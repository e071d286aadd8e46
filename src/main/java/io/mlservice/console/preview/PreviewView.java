package io.mlservice.console.preview;

import atlantafx.base.theme.Styles;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Preview page, for support staff: a tenant, then a user (profile, interactions, and per item type the list
 * the API would answer Totara, with reasons) or an item (its similar items). Copies the equivalent signed
 * {@code curl} request. Lays out the tenant line and the two tabs ({@link UserTab}, {@link ItemTab}); everything it
 * shows comes from {@link PreviewViewModel}.
 */
public final class PreviewView implements ConsoleView {
    private final PreviewViewModel model;
    private final VBox root = new VBox(12);
    private final ComboBox<String> tenants = new ComboBox<>();
    private final Label copied = new Label();
    private final UserTab userTab;
    private final ItemTab itemTab;

    public PreviewView(ConsoleContext context) {
        this(new PreviewViewModel(context));
    }

    PreviewView(PreviewViewModel model) {
        this.model = model;
        root.setId("preview-page");
        root.setPadding(new Insets(4, 8, 8, 8));

        Label title = new Label("Preview");
        title.getStyleClass().add(Styles.TITLE_3);

        tenants.setId("preview-tenant");
        tenants.setItems(model.tenants());
        tenants.valueProperty().bindBidirectional(model.tenantProperty());
        tenants.setPrefWidth(140);
        Label tenantLabel = new Label("_Tenant");
        tenantLabel.setMnemonicParsing(true);
        tenantLabel.setLabelFor(tenants);
        Label summary = new Label();
        summary.setId("preview-tenant-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(model.tenantSummaryProperty());
        summary.setMinWidth(0);
        HBox heading = new HBox(12, title, PreviewParts.spacer(), tenantLabel, tenants, summary);
        heading.setAlignment(Pos.CENTER_LEFT);
        title.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip.install(title, new Tooltip("What the service answers Totara for a user or an item, and why"));

        Label state = new Label();
        state.setId("preview-state");
        state.getStyleClass().add(Styles.WARNING);
        state.textProperty().bind(model.stateProperty());
        state.visibleProperty().bind(model.stateProperty().isNotEmpty());
        state.managedProperty().bind(state.visibleProperty());

        copied.setId("preview-copied");
        copied.getStyleClass().add(Styles.TEXT_MUTED);
        copied.setWrapText(true);
        copied.textProperty().bind(model.requests().copiedProperty());

        userTab = new UserTab(model);
        itemTab = new ItemTab(model);
        TabPane pages = new TabPane(tab("User", "preview-user-tab", userTab.root()),
                tab("Item", "preview-item-tab", itemTab.root()));
        pages.setId("preview-pages");
        pages.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(pages, Priority.ALWAYS);
        copied.visibleProperty().bind(model.requests().copiedProperty().isNotEmpty());
        copied.managedProperty().bind(copied.visibleProperty());
        root.getChildren().addAll(heading, state, pages, copied);

        model.refresh();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.refresh();
        // support staff come here to look someone up: the user field takes the keyboard at once
        Platform.runLater(userTab::focus);
    }

    @Override
    public void close() {
        userTab.close();
        itemTab.close();
        model.close();
    }

    private static Tab tab(String title, String id, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }
}
