package io.mlservice.console.training;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Training page: "Train now" and Cancel over three cards, the running cycle ({@link LiveCycleCard}), the
 * learning curves ({@link CurvesCard}) and the history ({@link HistoryCard}). Binds to {@link TrainingViewModel};
 * does no work of its own.
 */
public final class TrainingView implements ConsoleView {
    private final TrainingViewModel model;
    private final ScrollPane root;
    private final Timeline statusTicker;

    public TrainingView(ConsoleContext context) {
        this.model = new TrainingViewModel(context);
        VBox content = new VBox(16, header(), new LiveCycleCard(model.live()).root(),
                new CurvesCard(model.curves(), model::showLive).root(),
                new HistoryCard(model.history(), context.clock(), model::select).root());
        content.setPadding(new Insets(4, 4, 12, 4));
        root = new ScrollPane(content);
        root.setId("training-page");
        root.setFitToWidth(true);
        root.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        statusTicker = new Timeline(new KeyFrame(Duration.seconds(30), e -> model.updateStatus()));
        statusTicker.setCycleCount(Timeline.INDEFINITE);
        statusTicker.play();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        model.updateStatus();
        model.refreshHistory();
    }

    @Override
    public void close() {
        statusTicker.stop();
        model.close();
    }

    private Node header() {
        Label title = new Label("Training");
        title.getStyleClass().add(Styles.TITLE_3);
        Label status = new Label();
        status.setId("training-status");
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add(Styles.TEXT_MUTED);
        VBox text = new VBox(2, title, status);

        Label feedback = new Label();
        feedback.setId("training-feedback");
        feedback.textProperty().bind(model.feedbackProperty());
        feedback.getStyleClass().add(Styles.TEXT_MUTED);

        Button train = new Button("_Train now");
        train.setId("train-now");
        train.getStyleClass().add(Styles.ACCENT);
        train.disableProperty().bind(model.canTrainProperty().not());
        train.setOnAction(e -> model.trainNow());

        Button cancel = new Button("_Cancel training");
        cancel.setId("cancel-training");
        cancel.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
        cancel.disableProperty().bind(model.canCancelProperty().not());
        cancel.setOnAction(e -> model.cancel());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, text, spacer, feedback, train, cancel);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }
}
