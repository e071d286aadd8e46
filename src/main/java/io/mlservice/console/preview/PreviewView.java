package io.mlservice.console.preview;

import io.mlservice.console.ConsoleContext;
import io.mlservice.console.ConsoleView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** The Preview page. */
public final class PreviewView implements ConsoleView {
    private final StackPane root = new StackPane(new Label("Preview"));

    public PreviewView(ConsoleContext context) {
        root.setId("preview-page");
    }

    @Override
    public Node root() {
        return root;
    }
}
