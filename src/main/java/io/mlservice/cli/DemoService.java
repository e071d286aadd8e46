package io.mlservice.cli;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.firstrun.DemoSetup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service on the built-in demo dataset, without a window: anything configured is used as configured; what is
 * missing is filled in by {@link DemoSetup}.
 */
final class DemoService {
    private DemoService() {
    }

    static int run(Map<String, String> commandLine, Map<String, String> environment, Path dataDir, PrintStream out)
            throws IOException, InterruptedException, ConfigException {
        SettingsFile settingsFile = new SettingsFile(SettingsLoader.settingsFile(commandLine, environment));
        Map<String, String> cli = new DemoSetup(dataDir).prepare(commandLine, environment, settingsFile,
                out::println);
        ServiceSettings settings = SettingsLoader.load(cli, environment);
        return ServiceRunner.run(settings, settingsFile.path(), out, ServiceRunner.firstLine(settings));
    }
}
