package io.mlservice.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the settings allow but an administrator should change: a short shared key, a settings file that other users
 * can read while it holds a secret. Warnings only, never a refusal (Totara's original service accepts any key);
 * the service's start logs them and the console shows them. No text shows a secret.
 */
public final class SettingsWarnings {
    /** Keys shorter than this are warned about: Totara's own generator makes far longer ones. */
    public static final int SHORT_KEY = 16;

    private SettingsWarnings() {
    }

    /**
     * The warnings for these settings, read from this settings file (which may not exist); empty when all is well.
     */
    public static List<String> of(ServiceSettings settings, Path settingsFile) {
        List<String> warnings = new ArrayList<>();
        if (settings.totaraKey() != null && settings.totaraKey().length() < SHORT_KEY) {
            warnings.add(Setting.TOTARA_KEY.variable() + " is shorter than " + SHORT_KEY + " characters, so it is"
                    + " easier to guess: set a longer random key, here and as $CFG->ml_service_key in Totara's"
                    + " config.php");
        }
        secretsReadableByOthers(settingsFile).ifPresent(warnings::add);
        return warnings;
    }

    private static Optional<String> secretsReadableByOthers(Path file) {
        if (file == null || !Files.isRegularFile(file) || !readableByOthers(file)) {
            return Optional.empty();
        }
        Map<String, String> values;
        try {
            values = new SettingsFile(file).read();
        } catch (IOException e) {
            return Optional.empty();
        }
        List<String> secrets = Arrays.stream(Setting.values())
                .filter(s -> s.secret() && values.containsKey(s.variable()))
                .map(Setting::variable)
                .toList();
        if (secrets.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The settings file " + file + " holds " + String.join(" and ", secrets)
                + " and other users of this computer can read it: make it readable by its owner only, e.g."
                + " chmod 600 " + file);
    }

    /** Group or others may read it (POSIX file systems; elsewhere the check is left to the system's own tools). */
    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }
}
