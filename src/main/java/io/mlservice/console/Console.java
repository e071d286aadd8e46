package io.mlservice.console;

import io.mlservice.config.ConfigException;
import io.mlservice.console.ConsoleContext.Page;
import io.mlservice.console.desktop.Theme;
import io.mlservice.console.settings.ConnectDialog;
import io.mlservice.console.training.CycleBanner;
import io.mlservice.service.MlService;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The console on one stage: builds the main window, starts the service off the JavaFX thread and reports how that
 * went, and stops it gracefully on quit. The desktop application and the window tests both open it here.
 */
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    private final Stage stage;
    private final ServiceHost host;
    private final ConsoleContext context;
    private final MainWindow window = new MainWindow();
    private final ExecutorService background;
    private final CompletableFuture<MlService> started = new CompletableFuture<>();
    private final Timeline statusTicker;
    private final Responsiveness responsiveness = new Responsiveness(Platform::runLater, System::nanoTime);
    private volatile boolean quitting;

    private Console(Stage stage, ServiceHost host) {
        this.stage = stage;
        this.host = host;
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "console-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Notices notices = new Notices(Platform::runLater);
        this.context = new ConsoleContext(host, Platform::runLater, background, host.launch().clock(), notices,
                window);
        this.statusTicker = new Timeline(new KeyFrame(Duration.seconds(1), e -> updateStatus()));
        statusTicker.setCycleCount(Timeline.INDEFINITE);
    }

    /** Shows the console on the stage and starts the service in the background. Call on the JavaFX thread. */
    public static Console open(Stage stage, ServiceHost host) {
        Console console = new Console(stage, host);
        console.show();
        return console;
    }

    public ConsoleContext context() {
        return context;
    }

    /**
     * Completes with the running service, or exceptionally with why it did not start (for the desktop application
     * and the window tests; the pages see the service through {@link ServiceAccess}).
     */
    public CompletableFuture<MlService> started() {
        return started;
    }

    /** Opens a page (on the JavaFX thread). */
    public void show(Page page) {
        window.show(page);
    }

    private void show() {
        Theme.apply();
        Scene scene = new Scene((Parent) window.root(), 1100, 720);
        scene.getStylesheets().add(Theme.stylesheet());
        window.installShortcuts(scene);
        window.attach(context);
        CycleBanner.watch(context);
        stage.setTitle("ML Service for Totara Engage");
        stage.setScene(scene);
        stage.setMinWidth(800);
        stage.setMinHeight(560);
        stage.show();
        window.setStatus("Starting the service…");
        statusTicker.play();
        responsiveness.start();
        background.execute(ClassWarmup::run);
        startService();
    }

    /** Starts the service (again, after a failure); the notices say how it went. */
    public void startService() {
        context.notices().post(new Notices.Notice(Notices.SERVICE, Notices.Level.INFO, "Starting the service…",
                null, null));
        background.execute(() -> {
            List<String> said = new ArrayList<>();
            try {
                MlService service = host.start(line -> {
                    said.add(line);
                    LOG.info(line);
                });
                context.notices().clear(Notices.SERVICE);
                if (host.demo()) {
                    context.notices().post(new Notices.Notice(Notices.DEMO, Notices.Level.INFO,
                            "No Totara site is configured: the service is running on the built-in demo dataset, "
                                    + "on this computer only (" + service.baseUri() + ").",
                            "Connect to Totara…", () -> ConnectDialog.open(context, stage)));
                }
                if (host.warnings().isEmpty()) {
                    context.notices().clear(Notices.SETTINGS_WARNINGS);
                } else {
                    context.notices().post(new Notices.Notice(Notices.SETTINGS_WARNINGS, Notices.Level.WARNING,
                            String.join(" ", host.warnings()), "Open settings", () -> window.show(Page.SETTINGS)));
                }
                started.complete(service);
            } catch (ConfigException | IOException | RuntimeException e) {
                LOG.warn("The service did not start: {}", e.getMessage());
                context.notices().post(new Notices.Notice(Notices.SERVICE, Notices.Level.DANGER,
                        "The service did not start: " + e.getMessage(), "Open settings",
                        () -> window.show(Page.SETTINGS)));
                started.completeExceptionally(e);
            }
        });
    }

    /**
     * Stops the service gracefully off the JavaFX thread (a running training is cancelled, requests in flight are
     * answered), then closes the window and calls {@code then} on the JavaFX thread.
     */
    public void quit(Runnable then) {
        if (quitting) {
            return;
        }
        quitting = true;
        window.setStatus("Stopping the service…");
        statusTicker.stop();
        background.execute(() -> {
            responsiveness.close();
            host.stop();
            Platform.runLater(() -> {
                window.close();
                stage.hide();
                background.shutdownNow();
                then.run();
            });
        });
    }

    private void updateStatus() {
        context.service().current().ifPresent(this::showStatus);
    }

    private void showStatus(RunningService service) {
        StringBuilder text = new StringBuilder("Listening on ").append(service.baseUri());
        if (service.training()) {
            text.append(" · training");
        } else {
            service.nextTraining().ifPresent(t -> text.append(" · next training ")
                    .append(Formats.dateTime(t, context.clock())));
        }
        window.setStatus(text.toString());
    }
}
