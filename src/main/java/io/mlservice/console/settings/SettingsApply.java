package io.mlservice.console.settings;

import io.mlservice.config.ConfigException;
import io.mlservice.config.SettingsLoader;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.console.ServiceHost;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts the Settings form's edits into effect in the background: applied to the running service and saved
 * ({@link ServiceHost#apply}), or only checked and saved while it does not run; and the restart of the service that
 * new folders need.
 */
final class SettingsApply {
    /**
     * What an apply did.
     *
     * @param needRestart {@code ML_*} names that take effect only after a restart
     * @param stopped     the service was not running: the settings were only saved
     * @param demoEnded   a Totara site is configured now
     */
    record Applied(List<String> needRestart, boolean stopped, boolean demoEnded) {
    }

    private final ServiceHost host;
    private final ServiceAccess service;
    private final BackgroundTasks tasks;

    SettingsApply(ServiceHost host, ServiceAccess service, BackgroundTasks tasks) {
        this.host = host;
        this.service = service;
        this.tasks = tasks;
    }

    /**
     * Applies (or only saves) the changes.
     *
     * @param done   receives what was done, on the ui executor
     * @param failed receives a {@link ConfigException} (invalid settings), an {@link java.io.IOException} (the new
     *               address cannot be bound, the file not written) or a {@link RuntimeException}
     */
    void apply(Map<String, String> changes, Consumer<Applied> done, Consumer<Exception> failed) {
        tasks.task(() -> {
                    List<String> restart;
                    if (service.running()) {
                        restart = host.apply(changes).needRestart();
                    } else {
                        SettingsLoader.requireServiceReady(host.check(changes));
                        host.settingsFile().update(changes);
                        restart = List.of();
                    }
                    return new Applied(restart, !service.running(), !service.demo());
                })
                .onSuccess(done)
                .onFailure(failed)
                .start();
    }

    /**
     * Stops the service and starts it again with the saved settings (or starts it).
     *
     * @param started receives where it listens now, on the ui executor
     * @param failed  receives why it did not start
     */
    void restart(Consumer<String> started, Consumer<Exception> failed) {
        tasks.task(() -> {
                    host.restart(line -> { });
                    return service.current().map(RunningService::baseUri).map(Object::toString).orElse("");
                })
                .onSuccess(started)
                .onFailure(failed)
                .start();
    }
}
