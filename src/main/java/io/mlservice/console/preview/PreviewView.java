package io.mlservice.console.preview;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.AutoCompletionBinding;
import org.controlsfx.control.textfield.TextFields;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.application.Platform;

/**
 * The Preview page, for support staff: a tenant, then a user (profile, interactions, and per item type the list
 * the API would answer Totara, with reasons) or an item (its similar items). Copies the equivalent signed
 * {@code curl} request. Everything it shows comes from {@link PreviewViewModel}.
 */
public final class PreviewView implements ConsoleView {
    private static final Map<String, String> TYPE_NAMES = Map.of(
            "container_course", "Courses",
            "container_workspace", "Workspaces",
            "engage_article", "Articles",
            "engage_microlearning", "Microlearning",
            "totara_playlist", "Playlists");
    private static final Map<String, String> TYPE_NAME = Map.of(
            "container_course", "Course",
            "container_workspace", "Workspace",
            "engage_article", "Article",
            "engage_microlearning", "Microlearning",
            "totara_playlist", "Playlist");

    private final PreviewViewModel model;
    private final VBox root = new VBox(12);
    private final ComboBox<String> tenants = new ComboBox<>();
    private final TextField userField = new TextField();
    private final TextField itemField = new TextField();
    private final VBox profile = new VBox(8);
    private final TableView<UserPreview.Interaction> history = new TableView<>();
    private final Label historyTitle = cardTitle("Interactions");
    private final Label userNote = new Label();
    private final TabPane types = new TabPane();
    private final Label why = new Label();
    private final VBox itemDetails = new VBox(8);
    private final Label itemNote = new Label();
    private final TableView<ItemPreview.Similar> similar = new TableView<>();
    private final Label copied = new Label();
    private final AutoCompletionBinding<String> userCompletion;
    private final AutoCompletionBinding<String> itemCompletion;

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
        HBox heading = new HBox(12, title, spacer(), tenantLabel, tenants, summary);
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

        TabPane pages = new TabPane(tab("User", "preview-user-tab", userPage()),
                tab("Item", "preview-item-tab", itemPage()));
        pages.setId("preview-pages");
        pages.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(pages, Priority.ALWAYS);
        copied.visibleProperty().bind(model.requests().copiedProperty().isNotEmpty());
        copied.managedProperty().bind(copied.visibleProperty());
        root.getChildren().addAll(heading, state, pages, copied);

        userCompletion = completion(userField, model::userSuggestions, model::showUser);
        itemCompletion = completion(itemField, model::itemSuggestions, model::showItem);

        model.userProperty().addListener((obs, was, now) -> showUser(now));
        model.itemProperty().addListener((obs, was, now) -> showItem(now));
        showUser(null);
        showItem(null);
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
        Platform.runLater(userField::requestFocus);
    }

    @Override
    public void close() {
        userCompletion.dispose();
        itemCompletion.dispose();
        model.close();
    }

    private Node userPage() {
        userField.setId("preview-user");
        userField.setPromptText("User id, e.g. 42");
        userField.setPrefColumnCount(14);
        userField.textProperty().bindBidirectional(model.userIdProperty());
        userField.setOnAction(e -> model.showUser());
        Button show = new Button("_Show");
        show.setId("preview-show-user");
        show.getStyleClass().add(Styles.ACCENT);
        show.setOnAction(e -> model.showUser());
        show.disableProperty().bind(model.canPreviewProperty().not());
        Button copy = new Button("_Copy as curl");
        copy.setId("preview-copy-user-curl");
        copy.setTooltip(new Tooltip("Copies the signed /user-items request for the type shown: "
                + "paste it into a terminal within 30 seconds"));
        copy.disableProperty().bind(model.userProperty().isNull());
        copy.setOnAction(e -> {
            Tab selected = types.getSelectionModel().getSelectedItem();
            model.userItemsCurl(selected == null ? null : (String) selected.getUserData(), this::toClipboard);
        });
        ProgressIndicator busy = busy();
        busy.visibleProperty().bind(model.userBusyProperty());
        busy.setId("preview-user-busy");
        HBox search = new HBox(8, label("_User", userField), userField, show, busy, spacer(), copy);
        search.setAlignment(Pos.CENTER_LEFT);

        history.setId("preview-history");
        history.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        history.getColumns().add(column("Item", 128, 110, UserPreview.Interaction::itemId));
        history.getColumns().add(column("Type", 70, 64, i -> TYPE_NAME.getOrDefault(i.itemType(),
                i.itemType())));
        history.getColumns().add(column("Repeated", 86, 86, i -> i.repeated() ? "yes" : ""));
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.setPlaceholder(muted("No interactions"));
        VBox.setVgrow(history, Priority.ALWAYS);

        profile.setId("preview-profile");
        ScrollPane profileScroll = new ScrollPane(profile);
        profileScroll.setFitToWidth(true);
        profileScroll.setPrefViewportHeight(120);
        profileScroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        VBox.setVgrow(profileScroll, Priority.ALWAYS);
        VBox profileCard = card(cardTitle("Profile, as the model knows it"), profileScroll);
        VBox historyCard = card(historyTitle, history);
        history.setPrefHeight(120);
        VBox.setVgrow(profileCard, Priority.ALWAYS);
        VBox.setVgrow(historyCard, Priority.ALWAYS);
        VBox left = new VBox(12, profileCard, historyCard);
        left.setPrefWidth(340);
        left.setMinWidth(300);

        types.setId("preview-types");
        types.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(types, Priority.ALWAYS);
        userNote.setId("preview-user-note");
        userNote.setWrapText(true);
        userNote.setMinHeight(Region.USE_PREF_SIZE);
        why.setId("preview-why");
        why.setWrapText(true);
        why.getStyleClass().add(Styles.TEXT_MUTED);
        why.setMinHeight(Region.USE_PREF_SIZE);
        VBox right = card(cardTitle("Recommendations, as the API answers Totara"), userNote, types, why);
        HBox.setHgrow(right, Priority.ALWAYS);
        VBox.setVgrow(types, Priority.ALWAYS);

        HBox body = new HBox(12, left, right);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox page = new VBox(12, search, body);
        page.setPadding(new Insets(12, 0, 0, 0));
        return page;
    }

    private Node itemPage() {
        itemField.setId("preview-item");
        itemField.setPromptText("Item id, e.g. engage_article12");
        itemField.setPrefColumnCount(20);
        itemField.textProperty().bindBidirectional(model.itemIdProperty());
        itemField.setOnAction(e -> model.showItem());
        Button show = new Button("S_how");
        show.setId("preview-show-item");
        show.getStyleClass().add(Styles.ACCENT);
        show.setOnAction(e -> model.showItem());
        show.disableProperty().bind(model.canPreviewProperty().not());
        Button copy = new Button("Cop_y as curl");
        copy.setId("preview-copy-item-curl");
        copy.setTooltip(new Tooltip("Copies the signed /similar-items request: paste it into a terminal within "
                + "30 seconds"));
        copy.disableProperty().bind(model.itemProperty().isNull());
        copy.setOnAction(e -> model.similarItemsCurl(this::toClipboard));
        ProgressIndicator busy = busy();
        busy.visibleProperty().bind(model.itemBusyProperty());
        HBox search = new HBox(8, label("_Item", itemField), itemField, show, busy, spacer(), copy);
        search.setAlignment(Pos.CENTER_LEFT);

        itemDetails.setId("preview-item-details");
        ScrollPane detailsScroll = new ScrollPane(itemDetails);
        detailsScroll.setFitToWidth(true);
        detailsScroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        VBox.setVgrow(detailsScroll, Priority.ALWAYS);
        VBox left = card(cardTitle("The item, as the model knows it"), detailsScroll);
        left.setPrefWidth(340);
        left.setMinWidth(300);

        similar.setId("preview-similar");
        similar.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        similar.getColumns().add(column("#", 36, 36, s -> Integer.toString(s.rank())));
        similar.getColumns().add(column("Item", 195, 190, ItemPreview.Similar::itemId));
        similar.getColumns().add(column("Id sent", 72, 72, ItemPreview.Similar::numericId));
        similar.getColumns().add(column("Similarity", 92, 92, ItemPreview.Similar::score));
        similar.getColumns().add(column("Shared topics", 200, 100, s -> String.join(", ", s.sharedTopics())));
        similar.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(similar, Priority.ALWAYS);
        itemNote.setId("preview-item-note");
        itemNote.setWrapText(true);
        itemNote.setMinHeight(Region.USE_PREF_SIZE);
        VBox right = card(cardTitle("Similar items, as the API answers Totara"), itemNote, similar);
        HBox.setHgrow(right, Priority.ALWAYS);

        HBox body = new HBox(12, left, right);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox page = new VBox(12, search, body);
        page.setPadding(new Insets(12, 0, 0, 0));
        return page;
    }

    private void showUser(UserPreview preview) {
        profile.getChildren().clear();
        types.getTabs().clear();
        why.setText("");
        if (preview == null) {
            history.getItems().clear();
            historyTitle.setText("Interactions");
            profile.getChildren().add(muted("Type a user id and press Enter."));
            note(userNote, "The lists Totara would get for the user appear here, one tab per item type.", null);
            return;
        }
        history.getItems().setAll(preview.history());
        historyTitle.setText("Interactions (" + preview.history().size() + ")");
        if (preview.known()) {
            if (preview.profile().isEmpty()) {
                profile.getChildren().add(muted("The model uses no user features (algorithm mf): only the "
                        + "interactions describe this user."));
            }
            preview.profile().forEach(g -> profile.getChildren().add(group(g)));
        } else if (preview.problem() == null) {
            profile.getChildren().add(muted("User " + preview.userId() + " is not in the model."));
        }
        if (preview.problem() != null) {
            note(userNote, preview.problem(), Styles.DANGER);
        } else if (!preview.known()) {
            boolean coldStart = preview.answers().stream().anyMatch(UserPreview.TypeAnswer::coldStart);
            note(userNote, coldStart
                    ? "User " + preview.userId() + " is not in the model: the API answers with the most popular items "
                    + "of each type (cold start) until the next training includes the user."
                    : "User " + preview.userId() + " is not in the model, and cold start is off: the API answers "
                    + "\"no such user id\".", Styles.WARNING);
        } else {
            note(userNote, "Top " + preview.itemsPerType() + " per type, as Totara asks. \"seen ↓\": ranked down, "
                    + "the user already interacted with it.", null);
        }
        for (UserPreview.TypeAnswer answer : preview.answers()) {
            types.getTabs().add(typeTab(answer));
        }
    }

    private Tab typeTab(UserPreview.TypeAnswer answer) {
        TableView<UserPreview.Recommendation> table = new TableView<>();
        table.setId("preview-list-" + answer.itemType());
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.getColumns().add(column("#", 36, 36, r -> Integer.toString(r.rank())));
        table.getColumns().add(column("Item", 175, 170, UserPreview.Recommendation::itemId));
        table.getColumns().add(column("Id sent", 72, 72, UserPreview.Recommendation::numericId));
        table.getColumns().add(column("Score", 86, 86, UserPreview.Recommendation::score));
        table.getColumns().add(column("Seen", 56, 56, r -> r.rankedDown() ? "seen ↓" : ""));
        table.getColumns().add(column("Why", 300, 120, UserPreview.Recommendation::why));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(muted(answer.success() ? "No items of this type" : answer.message()));
        table.getItems().setAll(answer.items());
        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> why.setText(details(now)));
        Tab tab = new Tab(typeName(answer.itemType()), table);
        tab.setId("preview-type-" + answer.itemType());
        tab.setUserData(answer.itemType());
        tab.setTooltip(new Tooltip(answer.itemType()));
        tab.setOnSelectionChanged(e -> why.setText(details(table.getSelectionModel().getSelectedItem())));
        return tab;
    }

    private void showItem(ItemPreview preview) {
        itemDetails.getChildren().clear();
        similar.getItems().clear();
        if (preview == null) {
            itemDetails.getChildren().add(muted("Type an item id (component and number) and press Enter."));
            note(itemNote, "The items Totara would show next to it appear here.", null);
            similar.setPlaceholder(muted("No item shown"));
            return;
        }
        if (preview.resolvedId() != null) {
            itemDetails.getChildren().add(group(new UserPreview.ProfileGroup("Item",
                    List.of(preview.resolvedId() + " (" + preview.itemType() + ")"))));
            itemDetails.getChildren().add(group(new UserPreview.ProfileGroup("Interactions",
                    List.of(Integer.toString(preview.interactions())))));
            preview.features().forEach(g -> itemDetails.getChildren().add(group(g)));
        }
        if (preview.problem() != null) {
            note(itemNote, preview.problem(), Styles.DANGER);
        } else if (!preview.success()) {
            note(itemNote, preview.message(), Styles.WARNING);
        } else if (!preview.resolvedId().equals(preview.requestedId())) {
            note(itemNote, "Found as " + preview.resolvedId() + ": Totara exports short articles as "
                    + "microlearning but asks for them as articles.", null);
        } else {
            note(itemNote, "Top " + preview.n() + " of the same component by cosine similarity (Totara's n_items).",
                    null);
        }
        similar.setPlaceholder(muted(preview.success() ? "No other item of this component" : preview.message()));
        similar.getItems().setAll(preview.items());
    }

    /**
     * Suggestions while typing (fetched off the JavaFX thread by ControlsFX); choosing one shows it. A click
     * elsewhere, e.g. on Show, closes the list and still counts. The popup's list gets the theme's colours: its
     * own stylesheet expects Modena's.
     */
    private static AutoCompletionBinding<String> completion(TextField field, Function<String, List<String>> suggest,
                                                            Runnable show) {
        AutoCompletionBinding<String> binding = TextFields.bindAutoCompletion(field,
                r -> suggest.apply(r.getUserText()));
        binding.setOnAutoCompleted(e -> show.run());
        binding.setVisibleRowCount(8);
        binding.getAutoCompletionPopup().setConsumeAutoHidingEvents(false);
        binding.getAutoCompletionPopup().setStyle("-fx-color: -color-bg-default;"
                + " -fx-control-inner-background: -color-bg-default;"
                + " -fx-selection-bar-non-focused: -color-accent-subtle;"
                + " -fx-selection-bar: -color-accent-muted;"
                + " -fx-accent: -color-accent-emphasis;");
        return binding;
    }

    private void toClipboard(Optional<String> command) {
        command.ifPresent(text -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        });
    }

    /** The full reasons for the selected recommendation. */
    static String details(UserPreview.Recommendation r) {
        return r == null ? "Select a recommendation to read why in full." : r.itemId() + ": " + r.why();
    }

    private static String typeName(String itemType) {
        return TYPE_NAMES.getOrDefault(itemType, itemType);
    }

    private static Node group(UserPreview.ProfileGroup g) {
        Label name = new Label(g.name());
        name.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label values = new Label(String.join(", ", g.values()));
        values.setWrapText(true);
        return new VBox(2, name, values);
    }

    private static void note(Label label, String text, String style) {
        label.setText(text);
        label.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING);
        if (style != null) {
            label.getStyleClass().add(style);
        }
        label.setVisible(!text.isEmpty());
        label.setManaged(!text.isEmpty());
    }

    private static <T> TableColumn<T, String> column(String title, double width, double min,
                                                     Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(min);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    private static Tab tab(String title, String id, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }

    private static VBox card(Node... children) {
        VBox card = new VBox(8, children);
        card.getStyleClass().add("card");
        return card;
    }

    private static Label cardTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("card-title");
        return l;
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }

    private static ProgressIndicator busy() {
        ProgressIndicator p = new ProgressIndicator();
        p.setPrefSize(18, 18);
        p.setMaxSize(18, 18);
        return p;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
