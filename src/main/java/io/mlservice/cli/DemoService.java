package io.mlservice.cli;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.SettingsLoader;
import io.mlservice.totara.demo.DemoExportGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service on the built-in demo dataset: what a newcomer gets from the README's first command. Anything that is
 * configured (a Totara URL, an export folder, a key, a bind address) is used as configured; what is missing is
 * filled in for a local demo: the demo export, a generated key saved to the settings file, and loopback only.
 */
final class DemoService {
    static final String DEMO_BIND = "127.0.0.1:5000";

    private DemoService() {
    }

    static int run(Map<String, String> commandLine, Map<String, String> environment, Path dataDir, PrintStream out)
            throws IOException, InterruptedException, ConfigException {
        Map<String, String> cli = new LinkedHashMap<>(commandLine);
        Path settingsPath = Path.of(cli.getOrDefault(ServiceSettings.SETTINGS_FILE, environment.getOrDefault(
                ServiceSettings.SETTINGS_FILE, SettingsLoader.defaultSettingsFile().toString())));
        SettingsFile settingsFile = new SettingsFile(settingsPath);
        Map<String, String> known = new HashMap<>(settingsFile.read());
        known.putAll(environment);
        known.putAll(cli);
        if (blank(known.get(ServiceSettings.TOTARA_URL)) && blank(known.get(ServiceSettings.EXPORT_DIR))) {
            Path export = dataDir.resolve("demo-export");
            if (!Files.exists(export.resolve("user_data_0.csv"))) {
                out.println("Writing the demo export to " + export);
                out.println(new DemoExportGenerator(DemoExportGenerator.Spec.small()).write(export).summary());
            }
            cli.put(ServiceSettings.EXPORT_DIR, export.toString());
            out.println("No Totara is configured: serving the built-in demo dataset (" + export + ").");
        }
        if (blank(known.get(ServiceSettings.TOTARA_KEY))) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            settingsFile.update(Map.of(ServiceSettings.TOTARA_KEY, HexFormat.of().formatHex(key)));
            out.println("Generated a key for signing requests and saved it as " + ServiceSettings.TOTARA_KEY
                    + " in " + settingsPath + " (readable by you only).");
        }
        if (blank(known.get(ServiceSettings.BIND))) {
            cli.put(ServiceSettings.BIND, DEMO_BIND);
        }
        ServiceSettings settings = SettingsLoader.load(cli, environment);
        return ServiceRunner.run(settings, out, ServiceRunner.firstLine(settings));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
