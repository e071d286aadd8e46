package io.mlservice.console.settings;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.console.ServiceHost;
import io.mlservice.diagnostics.ConnectionCheck;
import io.mlservice.diagnostics.ConnectionCheck.Report;
import io.mlservice.service.MlService;
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
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Runs "test connection" for a form: checks the edited settings as the service would read them, then both
 * directions of {@link ConnectionCheck} in the background, and publishes the report (or why no test could run) on
 * the JavaFX thread.
 */
public final class ConnectionTester {
    private final ServiceHost host;
    private final Executor ui;
    private final Executor background;
    private final ConnectionCheck check;
    private final ObjectProperty<Report> report = new SimpleObjectProperty<>(this, "report");
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final BooleanProperty running = new SimpleBooleanProperty(this, "running");

    public ConnectionTester(ServiceHost host, Executor ui, Executor background, ConnectionCheck check) {
        this.host = host;
        this.ui = ui;
        this.background = background;
        this.check = check;
    }

    /** The last test's findings; null before the first test and when the settings did not allow one. */
    public ReadOnlyObjectProperty<Report> report() {
        return report;
    }

    /** One line: what the test found overall, or why it could not run. */
    public ReadOnlyStringProperty summary() {
        return summary;
    }

    public ReadOnlyBooleanProperty running() {
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
        background.execute(() -> {
            Report found = null;
            String line;
            try {
                ServiceSettings s = host.check(snapshot);
                if (s.totaraUrl() == null) {
                    line = "Enter Totara's web address first, e.g. https://lms.example.org.";
                } else if (s.totaraKey() == null) {
                    line = "Enter the shared key first (or generate one).";
                } else {
                    found = check.run(new ConnectionCheck.Target(s.totaraUrl(), s.totaraKey(), s.trustStore(),
                            s.trustStorePassword()), endpoint(host.service()));
                    line = headline(found);
                }
            } catch (ConfigException e) {
                line = "Fix these first: " + e.problems().stream().map(ConfigException.Problem::text)
                        .collect(Collectors.joining("; "));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                line = "The test was interrupted.";
            } catch (RuntimeException e) {
                line = "The test failed: " + e.getMessage();
            }
            Report published = found;
            String text = line;
            ui.execute(() -> {
                report.set(published);
                summary.set(text);
                running.set(false);
            });
        });
    }

    /** The running service as Totara would reach it, or null when it is not running. */
    private static ConnectionCheck.ServiceEndpoint endpoint(MlService service) {
        if (service == null) {
            return null;
        }
        ServiceSettings s = service.settings();
        return new ConnectionCheck.ServiceEndpoint(service.baseUri(), s.bind().withPort(service.port()),
                s.totaraKey());
    }

    private static String headline(Report report) {
        if (!report.passed()) {
            return "The connection does not work yet: see below.";
        }
        boolean warnings = report.findings().stream().anyMatch(f -> f.level() == ConnectionCheck.Level.WARNING);
        return warnings ? "The connection works, with warnings below." : "The connection works both ways.";
    }
}
