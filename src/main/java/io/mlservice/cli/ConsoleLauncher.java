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

    static void open(Map<String, String> commandLine, Map<String, String> environment)
            throws io.mlservice.config.ConfigException, java.io.IOException {
        ConsoleApp.launch(commandLine, environment);
    }
}
