package io.mlservice.console.logs;

import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** The Logs page. */
public final class LogsView implements ConsoleView {
    private final StackPane root = new StackPane(new Label("Logs"));

    public LogsView(ConsoleContext context) {
        root.setId("logs-page");
    }

    @Override
    public Node root() {
        return root;
    }
}
