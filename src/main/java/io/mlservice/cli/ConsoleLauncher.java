package io.mlservice.cli;

import io.mlservice.config.ConfigException;
import io.mlservice.console.ConsoleApp;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the command line reaches the console; kept apart so that headless runs never load a JavaFX class
 * (the JVM links this class only when the console is opened).
 */
final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    /**
     * Opens the console and returns when it quit.
     *
     * @return empty when it ran; else why no window could be opened
     */
    static Optional<String> open(Map<String, String> commandLine, Map<String, String> environment)
            throws ConfigException, IOException {
        try {
            ConsoleApp.launch(commandLine, environment);
            return Optional.empty();
        } catch (ConsoleApp.WindowUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }
}
