package io.mlservice.console.settings;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.console.ServiceHost;
import io.mlservice.diagnostics.ConnectionCheck.Report;
import io.mlservice.diagnostics.ConnectionCheck;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs "test connection" for a form: checks the edited settings as the service would read them, then both
 * directions of {@link ConnectionCheck} in the background, and publishes the report (or why no test could run) on
 * the JavaFX thread.
 */
public final class ConnectionTester {
    private final ServiceHost host;
    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final ConnectionCheck check;
    private final ObjectProperty<Report> report = new SimpleObjectProperty<>(this, "report");
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final BooleanProperty running = new SimpleBooleanProperty(this, "running");

    ConnectionTester(ServiceHost host, ServiceAccess service, BackgroundTasks tasks, ConnectionCheck check) {
        this.host = host;
        this.service = service;
        this.tasks = tasks;
        this.check = check;
    }

    /** The last test's findings; null before the first test and when the settings did not allow one. */
    public ReadOnlyObjectProperty<Report> reportProperty() {
        return report;
    }

    /** One line: what the test found overall, or why it could not run. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    /** Forgets the last result (the settings it was about changed). */
    public void clear() {
        if (!running.get()) {
            report.set(null);
            summary.set("");
        }
    }

    /**
     * Tests the settings that would be in force after saving {@code changes} (Totara's URL and key, the trust
     * store); call on the JavaFX thread.
     */
    public void test(Map<String, String> changes) {
        if (running.get()) {
            return;
        }
        running.set(true);
        report.set(null);
        summary.set("Testing the connection…");
        Map<String, String> snapshot = Map.copyOf(changes);
        tasks.task(() -> outcome(snapshot)).onSuccess(found -> {
            report.set(found.report());
            summary.set(found.line());
            running.set(false);
        }).start();
    }

    /** What a test found: the report (null when none could run) and its headline. */
    private record Outcome(Report report, String line) {
    }

    private Outcome outcome(Map<String, String> changes) {
        try {
            ServiceSettings s = host.check(changes);
            if (s.totaraUrl() == null) {
                return new Outcome(null, "Enter Totara's web address first, e.g. https://lms.example.org.");
            }
            if (s.totaraKey() == null) {
                return new Outcome(null, "Enter the shared key first (or generate one).");
            }
            Report found = check.run(new ConnectionCheck.Target(s.totaraUrl(), s.totaraKey(), s.trustStore(),
                    s.trustStorePassword()), service.current().map(RunningService::endpoint).orElse(null));
            return new Outcome(found, headline(found));
        } catch (ConfigException e) {
            return new Outcome(null, "Fix these first: " + e.problems().stream().map(ConfigException.Problem::text)
                    .collect(Collectors.joining("; ")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "The test was interrupted.");
        } catch (RuntimeException e) {
            return new Outcome(null, "The test failed: " + e.getMessage());
        }
    }

    private static String headline(Report report) {
        if (!report.passed()) {
            return "The connection does not work yet: see below.";
        }
        boolean warnings = report.findings().stream().anyMatch(f -> f.level() == ConnectionCheck.Level.WARNING);
        return warnings ? "The connection works, with warnings below." : "The connection works both ways.";
    }
}
