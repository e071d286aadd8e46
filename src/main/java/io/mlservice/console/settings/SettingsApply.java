package io.mlservice.console.settings;

import io.mlservice.config.ConfigException;
import io.mlservice.config.Setting;
import io.mlservice.config.SettingsLoader;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.Notices;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.console.ServiceHost;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts the Settings form's edits into effect in the background: applied to the running service and saved
 * ({@link ServiceHost#apply}), or only checked and saved while it does not run; and the restart of the service that
 * new folders need. Holds what came of it: the result line, what still needs a restart, whether one runs.
 * Properties change on the JavaFX thread.
 */
public final class SettingsApply {
    /** What an apply did; {@code stopped}: the service was not running, the settings were only saved. */
    private record Applied(List<String> needRestart, boolean stopped, boolean demoEnded) {
    }

    /** Why an apply failed: the settings' problems, or where the new listen address could not be bound. */
    interface Refusal {
        void invalid(List<ConfigException.Problem> problems);

        void addressNotBound(String why);
    }

    private final ServiceHost host;
    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final Notices notices;
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty result = new SimpleStringProperty(this, "result", "");
    private final BooleanProperty resultFailed = new SimpleBooleanProperty(this, "resultFailed");
    private final ObservableList<String> needRestart = FXCollections.observableArrayList();
    private final BooleanProperty needStart = new SimpleBooleanProperty(this, "needStart");
    private final IntegerProperty applied = new SimpleIntegerProperty(this, "applied");

    SettingsApply(ServiceHost host, ServiceAccess service, BackgroundTasks tasks, Notices notices) {
        this.host = host;
        this.service = service;
        this.tasks = tasks;
        this.notices = notices;
    }

    /** Apply or restart is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** What the last apply, restart or revert did. */
    public ReadOnlyStringProperty resultProperty() {
        return result;
    }

    public ReadOnlyBooleanProperty resultFailedProperty() {
        return resultFailed;
    }

    /** {@code ML_*} names of applied settings that take effect only after a restart of the service. */
    public ObservableList<String> needRestart() {
        return needRestart;
    }

    /** Settings were saved while the service was not running: it needs starting. */
    public ReadOnlyBooleanProperty needStartProperty() {
        return needStart;
    }

    /** How many applies succeeded (the connect dialog closes on the next one). */
    public ReadOnlyIntegerProperty appliedProperty() {
        return applied;
    }

    /**
     * Applies (or only saves) the changes in the background.
     *
     * @param refused receives why they were not applied
     * @param done    runs after they were
     */
    void apply(Map<String, String> changes, Refusal refused, Runnable done) {
        String what = inWords(changes);
        busy.set(true);
        setResult("Applying…", false);
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
                .onSuccess(a -> {
                    applied(what, a);
                    done.run();
                })
                .onFailure(e -> notApplied(changes, e, refused))
                .start();
    }

    /** Stops the service and starts it again with the saved settings (or starts it when it is not running). */
    public void restart() {
        busy.set(true);
        setResult("Restarting the service…", false);
        tasks.task(() -> {
                    host.restart(line -> { });
                    return service.current().map(RunningService::baseUri).map(Object::toString).orElse("");
                })
                .onSuccess(where -> {
                    needRestart.clear();
                    needStart.set(false);
                    notices.clear(Notices.SERVICE);
                    setResult("The service started and listens on " + where + ".", false);
                    busy.set(false);
                })
                .onFailure(e -> {
                    setResult("The service did not start: " + e.getMessage(), true);
                    busy.set(false);
                })
                .start();
    }

    void setResult(String text, boolean failed) {
        resultFailed.set(failed);
        result.set(text);
    }

    private void applied(String what, Applied done) {
        List<String> restart = done.needRestart();
        needStart.set(done.stopped());
        restart.forEach(n -> {
            if (!needRestart.contains(n)) {
                needRestart.add(n);
            }
        });
        if (done.demoEnded()) {
            notices.clear(Notices.DEMO);
        }
        setResult(done.stopped() ? "Saved " + what + ". The service is not running: start it to use them."
                : "Applied " + what + (restart.isEmpty() ? "." : ". "
                + restart.stream().map(n -> Setting.named(n).map(Setting::label).orElse(n))
                .collect(Collectors.joining(", ")) + " take effect after a restart of the service."), false);
        busy.set(false);
        applied.set(applied.get() + 1);
    }

    private void notApplied(Map<String, String> changes, Exception e, Refusal refused) {
        if (e instanceof ConfigException c) {
            refused.invalid(c.problems());
            setResult("Not applied: " + c.problems().size() + (c.problems().size() == 1 ? " setting needs"
                    : " settings need") + " fixing.", true);
        } else {
            if (changes.containsKey(Setting.BIND.variable()) && e instanceof IOException) {
                refused.addressNotBound("The API " + e.getMessage() + "; it keeps listening on the old address.");
            }
            setResult("Not applied: " + e.getMessage(), true);
        }
        busy.set(false);
    }

    /** "Listen address (127.0.0.1:5123) and Training threads (8)", secrets masked. */
    private static String inWords(Map<String, String> changes) {
        List<String> parts = new ArrayList<>();
        changes.forEach((name, value) -> {
            Setting s = Setting.named(name).orElseThrow();
            String shown = s.shown(value);
            parts.add(s.label() + " (" + (shown.isEmpty() ? "default" : shown) + ")");
        });
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
