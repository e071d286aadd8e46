package io.mlservice.console;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The banners across the top of the main window: the demo dataset in use, a failed training cycle, a service that
 * did not start. One notice per id; posting again replaces it. Safe to call from any thread.
 */
public final class Notices {
    /** The notice about starting the service: under way, or why it did not start. */
    public static final String SERVICE = "service";
    /** The notice that the service runs on the demo dataset; it ends once a Totara site is configured. */
    public static final String DEMO = "demo";
    /** The notice of what the settings allow but should change (a short key, a settings file others can read). */
    public static final String SETTINGS_WARNINGS = "settings-warnings";

    /** How a notice looks. */
    public enum Level { INFO, WARNING, DANGER }

    /**
     * One banner.
     *
     * @param action label of the banner's button, or null for none
     * @param onAction what the button does (called on the JavaFX thread)
     */
    public record Notice(String id, Level level, String text, String action, Runnable onAction) {
    }

    private final ObservableList<Notice> shown = FXCollections.observableArrayList();
    private final Executor ui;

    public Notices(Executor ui) {
        this.ui = ui;
    }

    /** The notices, newest last; read and observed on the JavaFX thread. */
    public ObservableList<Notice> shown() {
        return shown;
    }

    public void post(Notice notice) {
        ui.execute(() -> {
            shown.removeIf(n -> n.id().equals(notice.id()));
            shown.add(notice);
        });
    }

    public void clear(String id) {
        ui.execute(() -> shown.removeIf(n -> n.id().equals(id)));
    }

    /** The notice with this id, if shown (on the JavaFX thread). */
    public Optional<Notice> find(String id) {
        return shown.stream().filter(n -> n.id().equals(id)).findFirst();
    }
}
