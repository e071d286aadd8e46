package io.mlservice.cli;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.SettingsLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/** {@code --headless}: the service from its settings alone, as a server runs it. */
final class HeadlessService {
    private HeadlessService() {
    }

    static int run(Map<String, String> commandLine, Map<String, String> environment, PrintStream out)
            throws IOException, InterruptedException, ConfigException {
        ServiceSettings settings = SettingsLoader.load(commandLine, environment);
        return ServiceRunner.run(settings, SettingsLoader.settingsFile(commandLine, environment), out,
                ServiceRunner.firstLine(settings));
    }
}
