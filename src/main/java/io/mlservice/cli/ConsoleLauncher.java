package io.mlservice.cli;

import io.mlservice.console.ConsoleApp;

import java.util.Map;

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
    static java.util.Optional<String> open(Map<String, String> commandLine, Map<String, String> environment)
            throws io.mlservice.config.ConfigException, java.io.IOException {
        try {
            ConsoleApp.launch(commandLine, environment);
            return java.util.Optional.empty();
        } catch (ConsoleApp.WindowUnavailableException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }
}
