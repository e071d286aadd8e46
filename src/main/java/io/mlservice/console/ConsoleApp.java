package io.mlservice.console;

import io.mlservice.config.ConfigException;
import io.mlservice.config.SettingsLoader;
import io.mlservice.console.desktop.AppIcons;
import io.mlservice.console.desktop.SingleInstance;
import io.mlservice.console.desktop.Tray;
import io.mlservice.console.desktop.WindowPlacement;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;

/**
 * The desktop application: one console per settings folder, its window where it was left, and a tray icon; closing
 * the window hides it in the tray (the service keeps serving), Quit stops the service gracefully. Without a tray,
 * closing the window quits.
 */
public final class ConsoleApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    /** JavaFX warns that it runs from the class path; that is how this program is built, so the warning goes. */
    private static final List<java.util.logging.Logger> FX_STARTUP = List.of(
            java.util.logging.Logger.getLogger("javafx"),
            java.util.logging.Logger.getLogger("com.sun.javafx.application.PlatformImpl"));
    private static volatile ServiceHost.Launch launch;
    private static volatile SingleInstance guard;
    private static volatile ConsoleApp running;

    private Console console;
    private Stage stage;
    /** Set on the JavaFX thread once the tray icon is there; null without a tray (closing then quits). */
    private Tray tray;
    private Path placementFile;

    /**
     * Opens the console and returns when it has quit; when a console already runs for the same settings folder, it
     * is brought to the front instead.
     *
     * @return false when another console was running
     */
    public static boolean launch(Map<String, String> commandLine, Map<String, String> environment)
            throws ConfigException, IOException {
        Path folder = SettingsLoader.settingsFile(commandLine, environment).toAbsolutePath().getParent();
        Optional<SingleInstance> one = SingleInstance.acquire(folder.resolve("console.lock"), () -> {
            ConsoleApp app = running;
            if (app != null) {
                Platform.runLater(app::bringToFront);
            }
        });
        if (one.isEmpty()) {
            System.out.println("The console is already running for " + folder + "; it was brought to the front.");
            return false;
        }
        guard = one.get();
        launch = ServiceHost.Launch.of(commandLine, environment);
        FX_STARTUP.forEach(l -> l.setLevel(Level.SEVERE));
        try {
            Application.launch(ConsoleApp.class);
        } catch (RuntimeException e) {
            if (running == null) {
                throw new WindowUnavailableException(rootMessage(e), e);
            }
            throw e;
        } finally {
            guard.close();
        }
        return true;
    }

    @Override
    public void start(Stage stage) throws IOException {
        this.stage = stage;
        ServiceHost.Launch how = Objects.requireNonNull(launch, "use ConsoleApp.launch");
        running = this;
        Path folder;
        try {
            folder = SettingsLoader.settingsFile(how.commandLine(), how.environment()).toAbsolutePath().getParent();
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        placementFile = folder.resolve("console-window.properties");
        stage.getIcons().setAll(AppIcons.forStage());
        restorePlacement();
        ServiceHost host = new ServiceHost(how);
        // SIGTERM or logging off: the service still stops gracefully
        Runtime.getRuntime().addShutdownHook(new Thread(host::stop, "console-shutdown"));
        console = Console.open(stage, host);
        Tray.install(this::bringToFront, this::quit, installed -> {
            tray = installed;
            Platform.setImplicitExit(false);
        });
        stage.setOnCloseRequest(e -> {
            e.consume();
            savePlacement();
            if (tray != null) {
                stage.hide();
                tray.windowHidden();
            } else {
                quit();
            }
        });
    }

    /** JavaFX could not open a window (no display server, no GTK 3 on Linux). */
    public static final class WindowUnavailableException extends IOException {
        private static final long serialVersionUID = 1L;

        WindowUnavailableException(String message, Throwable cause) {
            super("Could not open a window: " + message, cause);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private void bringToFront() {
        if (stage == null) {
            return;
        }
        stage.setIconified(false);
        stage.show();
        stage.toFront();
    }

    private void quit() {
        savePlacement();
        console.quit(() -> {
            if (tray != null) {
                tray.remove();
            }
            Platform.exit();
        });
    }

    private void restorePlacement() {
        WindowPlacement.read(placementFile).ifPresent(p -> {
            List<double[]> screens = Screen.getScreens().stream().map(Screen::getVisualBounds)
                    .map(ConsoleApp::bounds).toList();
            if (p.visibleOn(screens)) {
                stage.setX(p.x());
                stage.setY(p.y());
                stage.setWidth(p.width());
                stage.setHeight(p.height());
                stage.setMaximized(p.maximized());
            }
        });
    }

    private void savePlacement() {
        if (!stage.isShowing() || stage.isIconified()) {
            return;
        }
        try {
            WindowPlacement.read(placementFile)
                    .filter(p -> stage.isMaximized())
                    .map(p -> new WindowPlacement(p.x(), p.y(), p.width(), p.height(), true))
                    .orElse(new WindowPlacement(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                            stage.isMaximized()))
                    .write(placementFile);
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Could not remember the window's place: {}", e.getMessage());
        }
    }

    private static double[] bounds(Rectangle2D r) {
        return new double[]{r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight()};
    }
}
