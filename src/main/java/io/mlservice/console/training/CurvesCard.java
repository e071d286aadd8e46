package io.mlservice.console.training;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Training page's card of learning curves: where they come from, the tenant shown, the three charts. */
final class CurvesCard {
    private final VBox root;

    /** @param showLive what "Back to live" does */
    CurvesCard(LearningCurves curves, Runnable showLive) {
        CurveCharts charts = new CurveCharts(curves.curves(), curves.placeholderProperty());
        Label title = new Label("Learning curves");
        title.getStyleClass().add("card-title");
        Label source = new Label();
        source.setId("curve-source");
        source.textProperty().bind(curves.sourceProperty());
        source.getStyleClass().add(Styles.TEXT_MUTED);

        Label tenantLabel = new Label("Te_nant");
        ComboBox<String> tenant = new ComboBox<>(curves.tenants());
        tenant.setId("curve-tenant");
        tenantLabel.setLabelFor(tenant);
        tenantLabel.setMnemonicParsing(true);
        // one way each: the combo box may clear its value while the tenants are replaced
        tenant.setValue(curves.tenantProperty().get());
        curves.tenantProperty().addListener((obs, was, now) -> tenant.setValue(now));
        // the combo box's skin clears its value after the items change: choose again once it has
        curves.tenants().addListener((ListChangeListener<String>) c ->
                Platform.runLater(() -> tenant.setValue(curves.tenantProperty().get())));
        tenant.setPrefWidth(110);
        tenant.setOnAction(e -> {
            if (tenant.getValue() != null) {
                curves.tenantProperty().set(tenant.getValue());
            }
        });
        tenant.disableProperty().bind(Bindings.isEmpty(curves.tenants()));

        Button live = new Button("Back to _live");
        live.setId("show-live");
        live.visibleProperty().bind(curves.showingLiveProperty().not());
        live.managedProperty().bind(live.visibleProperty());
        live.setOnAction(e -> showLive.run());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox heading = new HBox(12, title, source, spacer, tenantLabel, tenant, live);
        heading.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(10, heading, charts.root());
        root.setId("curves");
        root.getStyleClass().add("card");
    }

    Node root() {
        return root;
    }
}
