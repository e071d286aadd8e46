package io.mlservice.console.training;

import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** The Training page. */
public final class TrainingView implements ConsoleView {
    private final StackPane root = new StackPane(new Label("Training"));

    public TrainingView(ConsoleContext context) {
        root.setId("training-page");
    }

    @Override
    public Node root() {
        return root;
    }
}
