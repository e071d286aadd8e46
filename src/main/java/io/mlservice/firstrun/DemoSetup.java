package io.mlservice.firstrun;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.totara.demo.DemoExportGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a newcomer's first start fills in when nothing is configured: the built-in demo export as the export folder,
 * a generated key saved to the settings file, and a loopback-only address. Anything configured in any layer wins;
 * the fill-ins sit just above the defaults and are recomputed whenever the settings change, so connecting a Totara
 * site ends the demo.
 */
public final class DemoSetup {
    /** Where the demo listens unless an address is configured: this machine only. */
    public static final String DEMO_BIND = "127.0.0.1:5000";

    private final Path dataDir;

    /** @param dataDir the folder the demo export is written under ({@code <dataDir>/demo-export}) */
    public DemoSetup(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The demo export folder. */
    public Path demoExport() {
        return dataDir.resolve("demo-export");
    }

    /**
     * The fill-ins for the given layers: {@code ML_EXPORT_DIR} (the demo export) when neither a Totara URL nor an
     * export folder is set, and {@code ML_BIND} when no address is set.
     */
    public Map<String, String> fallbacks(Map<String, String> commandLine, Map<String, String> environment,
                                         Map<String, String> settingsFile) {
        Map<String, String> known = known(commandLine, environment, settingsFile);
        Map<String, String> fill = new LinkedHashMap<>();
        if (blank(known.get(Setting.TOTARA_URL.variable())) && blank(known.get(Setting.EXPORT_DIR.variable()))) {
            fill.put(Setting.EXPORT_DIR.variable(), demoExport().toString());
        }
        if (blank(known.get(Setting.BIND.variable()))) {
            fill.put(Setting.BIND.variable(), DEMO_BIND);
        }
        return fill;
    }

    /**
     * Makes the fill-ins usable: writes the demo export if they use it and it is missing, and generates a key into
     * the settings file when no layer sets one.
     *
     * @param say receives one line per thing done, for the person starting the program
     * @return the command line with the fill-ins added (configured values untouched)
     */
    public Map<String, String> prepare(Map<String, String> commandLine, Map<String, String> environment,
                                       SettingsFile settingsFile, Consumer<String> say) throws IOException {
        Map<String, String> fileValues = settingsFile.read();
        Map<String, String> fill = fallbacks(commandLine, environment, fileValues);
        if (fill.containsKey(Setting.EXPORT_DIR.variable())) {
            Path export = demoExport();
            if (!Files.exists(export.resolve("user_data_0.csv"))) {
                say.accept("Writing the demo export to " + export);
                say.accept(new DemoExportGenerator(DemoExportGenerator.Spec.small()).write(export).summary());
            }
            say.accept("No Totara is configured: serving the built-in demo dataset (" + export + ").");
        }
        if (blank(known(commandLine, environment, fileValues).get(Setting.TOTARA_KEY.variable()))) {
            settingsFile.update(Map.of(Setting.TOTARA_KEY.variable(), newKey()));
            say.accept("Generated a key for signing requests and saved it as " + Setting.TOTARA_KEY.variable()
                    + " in " + settingsFile.path() + " (readable by you only).");
        }
        Map<String, String> withFill = new LinkedHashMap<>(commandLine);
        fill.forEach(withFill::putIfAbsent);
        return withFill;
    }

    /** A strong random key: 32 bytes as 64 hexadecimal digits. */
    public static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    private static Map<String, String> known(Map<String, String> commandLine, Map<String, String> environment,
                                             Map<String, String> settingsFile) {
        Map<String, String> known = new HashMap<>(settingsFile);
        for (Map<String, String> layer : List.of(environment, commandLine)) {
            layer.forEach((k, v) -> {
                if (!blank(v)) {
                    known.put(k, v);
                }
            });
        }
        return known;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
