package io.mlservice.console;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.console.ConsoleContext.Page;
import io.mlservice.model.HyperParameters;
import io.mlservice.service.MlService;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Opens the console in a JVM of the installable application's own runtime (JavaFX as named modules, the launchers'
 * options), as {@code AppImageIT} starts it: every page is built and shown once, so a JavaFX internal that
 * ControlsFX reaches without an export fails here rather than on an administrator's desktop. Prints
 * {@code console check ok} and exits 0, or prints what failed and exits 1.
 */
public final class RuntimeImageCheck {
    private RuntimeImageCheck() {
    }

    public static void main(String[] args) {
        try {
            check(Path.of(args[0]));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.out.println("console check failed: " + e);
        }
        System.exit(1);  // the JavaFX thread would keep the JVM alive
    }

    private static void check(Path dir) throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> failures.add(e));
        new SettingsFile(dir.resolve("settings.properties")).update(Map.of(Setting.BIND.variable(), "127.0.0.1:0"));
        ServiceHost host = new ServiceHost(new ServiceHost.Launch(Map.of(SettingsFile.VARIABLE,
                dir.resolve("settings.properties").toString(), Setting.MODELS_DIR.variable(),
                dir.resolve("models").toString(), Setting.LOGS_DIR.variable(), dir.resolve("logs").toString()),
                Map.of(), dir, new MlService.Tuning(List.of(Duration.ZERO),
                        HyperParameters.defaults().withEpochs(2).withComponents(8)), Clock.systemUTC()));

        CompletableFuture<Console> opened = new CompletableFuture<>();
        Platform.startup(() -> opened.complete(Console.open(new Stage(), host)));
        Console console = opened.get(1, TimeUnit.MINUTES);
        MlService service = console.started().get(2, TimeUnit.MINUTES);
        for (Page page : Page.values()) {
            onFx(() -> console.show(page));
            onFx(() -> { });  // a pulse later: the page's first layout and its data have arrived
        }
        CompletableFuture<Void> quit = new CompletableFuture<>();
        onFx(() -> console.quit(() -> quit.complete(null)));
        quit.get(1, TimeUnit.MINUTES);
        if (failures.isEmpty()) {
            System.out.println("console check ok: " + Page.values().length + " pages, service was at "
                    + service.baseUri());
            System.exit(0);
        }
        failures.forEach(Throwable::printStackTrace);
        System.out.println("console check failed: " + failures.size() + " uncaught exception(s)");
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        done.get(1, TimeUnit.MINUTES);
    }
}
