package io.mlservice.service;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a change of settings asks of the running service: the settings that take effect only after a restart (the
 * folders and the history file, which open files depend on, and the metrics listener), kept as they were until then;
 * the settings to put into effect now; and whether the API must move to another address or TLS set-up.
 *
 * @param effective   the new settings with the restart-only ones as they were
 * @param needRestart the names of the changed settings that take effect only after a restart
 * @param rebind      whether the API must listen anew (another address, or TLS changed)
 */
record SettingsChange(ServiceSettings effective, List<String> needRestart, boolean rebind) {
    private static final Setting[] AFTER_RESTART = {Setting.MODELS_DIR, Setting.LOGS_DIR, Setting.HISTORY_DB,
            Setting.METRICS_BIND, Setting.ROLE};

    SettingsChange {
        needRestart = List.copyOf(needRestart);
    }

    /**
     * The change from the settings in force, {@code before}, to {@code next}.
     *
     * @throws ConfigException when the restart-only settings kept from {@code before} do not fit {@code next}
     */
    static SettingsChange between(ServiceSettings before, ServiceSettings next) throws ConfigException {
        List<String> needRestart = new ArrayList<>();
        if (!same(before.modelsDir(), next.modelsDir())) {
            needRestart.add(Setting.MODELS_DIR.variable());
        }
        if (!same(before.logsDir(), next.logsDir())) {
            needRestart.add(Setting.LOGS_DIR.variable());
        }
        if (!same(before.historyFile(), next.historyFile())) {
            needRestart.add(Setting.HISTORY_DB.variable());
        }
        if (!Objects.equals(before.metricsBind(), next.metricsBind())) {
            needRestart.add(Setting.METRICS_BIND.variable());
        }
        if (before.role() != next.role()) {
            needRestart.add(Setting.ROLE.variable());
        }
        ServiceSettings effective = next.withChanges(before.textsOf(AFTER_RESTART));
        boolean rebind = !effective.bind().equals(before.bind()) || !effective.tls().equals(before.tls());
        return new SettingsChange(effective, needRestart, rebind);
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
