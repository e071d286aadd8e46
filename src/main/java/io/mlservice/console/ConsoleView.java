package io.mlservice.console;

import javafx.scene.Node;

/** One page of the main window. Built on the JavaFX thread; only binds to its view model. */
public interface ConsoleView extends AutoCloseable {

    /** The page's content. */
    Node root();

    /** Called when the page is shown, e.g. to refresh what is not pushed live. */
    default void shown() {
    }

    /** Called once when the window closes: stop timers, close the view model. */
    @Override
    default void close() {
    }
}
