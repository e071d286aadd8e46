package io.mlservice.console.preview;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.AutoCompletionBinding;

import java.util.Map;

import static io.mlservice.console.preview.PreviewParts.busy;
import static io.mlservice.console.preview.PreviewParts.card;
import static io.mlservice.console.preview.PreviewParts.cardTitle;
import static io.mlservice.console.preview.PreviewParts.column;
import static io.mlservice.console.preview.PreviewParts.completion;
import static io.mlservice.console.preview.PreviewParts.group;
import static io.mlservice.console.preview.PreviewParts.label;
import static io.mlservice.console.preview.PreviewParts.muted;
import static io.mlservice.console.preview.PreviewParts.note;
import static io.mlservice.console.preview.PreviewParts.spacer;
import static io.mlservice.console.preview.PreviewParts.toClipboard;

/**
 * The Preview page's user tab: the user id with suggestions, the profile and interactions as the model knows them,
 * and per item type the list the API would answer Totara, with the reasons of the selected one.
 */
final class UserTab {
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
    private final TextField userField = new TextField();
    private final VBox profile = new VBox(8);
    private final TableView<UserPreview.Interaction> history = new TableView<>();
    private final Label historyTitle = cardTitle("Interactions");
    private final Label userNote = new Label();
    private final TabPane types = new TabPane();
    private final Label why = new Label();
    private final AutoCompletionBinding<String> completion;
    private final Node root;

    UserTab(PreviewViewModel model) {
        this.model = model;
        this.root = userPage();
        this.completion = completion(userField, model::userSuggestions, model::showUser);
        model.userProperty().addListener((obs, was, now) -> showUser(now));
        showUser(null);
    }

    Node root() {
        return root;
    }

    /** Gives the user field the keyboard. */
    void focus() {
        userField.requestFocus();
    }

    void close() {
        completion.dispose();
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
            model.userItemsCurl(selected == null ? null : (String) selected.getUserData(), PreviewParts::toClipboard);
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

    /** The full reasons for the selected recommendation. */
    static String details(UserPreview.Recommendation r) {
        return r == null ? "Select a recommendation to read why in full." : r.itemId() + ": " + r.why();
    }

    private static String typeName(String itemType) {
        return TYPE_NAMES.getOrDefault(itemType, itemType);
    }
}
