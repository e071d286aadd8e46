package io.mlservice.console.settings;

import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** The Settings page. */
public final class SettingsView implements ConsoleView {
    private final StackPane root = new StackPane(new Label("Settings"));

    public SettingsView(ConsoleContext context) {
        root.setId("settings-page");
    }

    @Override
    public Node root() {
        return root;
    }
}
