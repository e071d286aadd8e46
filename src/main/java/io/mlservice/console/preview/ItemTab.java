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
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.AutoCompletionBinding;

import java.util.List;

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

/** The Preview page's item tab: the item id with suggestions, the item as the model knows it, its similar items. */
final class ItemTab {
    private final PreviewViewModel model;
    private final TextField itemField = new TextField();
    private final VBox itemDetails = new VBox(8);
    private final Label itemNote = new Label();
    private final TableView<ItemPreview.Similar> similar = new TableView<>();
    private final AutoCompletionBinding<String> completion;
    private final Node root;

    ItemTab(PreviewViewModel model) {
        this.model = model;
        this.root = itemPage();
        this.completion = completion(itemField, model::itemSuggestions, model::showItem);
        model.itemProperty().addListener((obs, was, now) -> showItem(now));
        showItem(null);
    }

    Node root() {
        return root;
    }

    void close() {
        completion.dispose();
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
        copy.setOnAction(e -> model.similarItemsCurl(PreviewParts::toClipboard));
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
}
