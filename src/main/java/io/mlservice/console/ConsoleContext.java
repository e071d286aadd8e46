package io.mlservice.console;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * What every view and view model is given: the service host, the JavaFX thread as an executor (direct in view
 * model tests), a pool for blocking work, the clock, the window's notices and its navigation.
 */
public record ConsoleContext(ServiceHost host, Executor ui, ExecutorService background, Clock clock,
                             Notices notices, Navigator navigator) {

    /** What the pages see of the service (start, stop and settings stay with {@link #host()}). */
    public ServiceAccess service() {
        return new ServiceAccess(host);
    }

    /** New background tasks for one view model, closed with it. */
    public BackgroundTasks tasks() {
        return new BackgroundTasks(ui, background);
    }

    /** Switches the main window to a view. */
    @FunctionalInterface
    public interface Navigator {
        void show(Page page);

        /** Lets the page on screen reload what it shows, e.g. after a dialog saved settings. */
        default void refreshCurrent() {
        }
    }

    /** The main window's views, in the order of its navigation bar. */
    public enum Page {
        DASHBOARD("Dashboard"),
        TRAINING("Training"),
        PREVIEW("Preview"),
        SETTINGS("Settings"),
        LOGS("Logs");

        private final String title;

        Page(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
