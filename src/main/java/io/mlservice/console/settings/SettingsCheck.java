package io.mlservice.console.settings;

import io.mlservice.diagnostics.ServiceAddress;
import io.mlservice.config.BindAddress;
import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.console.ServiceHost;
import io.mlservice.diagnostics.ConnectionCheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks the Settings form's edits as you type: once typing paused for the debounce, off the JavaFX thread, by the
 * service's own rules ({@link ServiceHost#check}) plus a write probe of the two folders ({@link FolderCheck}); a
 * newer edit supersedes a check not yet published.
 */
final class SettingsCheck {
    /** What a check found: every problem, and the URL Totara should call (null when the settings are invalid). */
    record Result(List<ConfigException.Problem> problems, String serviceUrl) {
    }

    private final ServiceHost host;
    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final Duration debounce;
    private final BackgroundTasks.Latest checks = new BackgroundTasks.Latest();

    SettingsCheck(ServiceHost host, ServiceAccess service, BackgroundTasks tasks, Duration debounce) {
        this.host = host;
        this.service = service;
        this.tasks = tasks;
        this.debounce = debounce;
    }

    /**
     * Checks these edits after the debounce.
     *
     * @param changes {@code ML_*} names to edited texts
     * @param folders the folder settings to probe on disk, with their edited texts
     * @param then    receives the result of the newest check, on the ui executor
     */
    void schedule(Map<String, String> changes, Map<Setting, String> folders, Consumer<Result> then) {
        Map<String, String> edits = Map.copyOf(changes);
        tasks.task(() -> check(edits, folders)).latestOf(checks).onSuccess(then).startAfter(debounce);
    }

    private Result check(Map<String, String> changes, Map<Setting, String> folders) {
        List<ConfigException.Problem> found = new ArrayList<>();
        String url = null;
        try {
            ServiceSettings settings = host.check(changes);
            SettingsLoader.requireServiceReady(settings);
            url = urlForTotara(settings.bind());
        } catch (ConfigException e) {
            found.addAll(e.problems());
        }
        found.addAll(FolderCheck.problems(folders));
        return new Result(found, url);
    }

    /** For config.php: the address Totara reaches; port 0 (tests) is the running service's actual port. */
    private String urlForTotara(BindAddress bind) {
        int port = bind.port() == 0 ? service.current().map(RunningService::port).orElse(0) : bind.port();
        return ServiceAddress.urlForTotara(bind, port);
    }
}
