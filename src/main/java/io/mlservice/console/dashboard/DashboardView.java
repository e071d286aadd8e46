package io.mlservice.console.dashboard;

import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** The Dashboard page. */
public final class DashboardView implements ConsoleView {
    private final StackPane root = new StackPane(new Label("Dashboard"));

    public DashboardView(ConsoleContext context) {
        root.setId("dashboard-page");
    }

    @Override
    public Node root() {
        return root;
    }
}
