package io.mlservice.console;

import io.mlservice.config.Setting;
import io.mlservice.config.SettingsFile;
import io.mlservice.model.HyperParameters;
import io.mlservice.service.MlService;
import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A console started as a newcomer starts it, inside a temporary folder: nothing configured but the folders and
 * port 0, so it runs on the demo dataset with a generated key; training uses fixed small hyper-parameters.
 */
public final class ConsoleFixture {
    private ConsoleFixture() {
    }

    /** The settings a fresh console is given: its folders under {@code dir} and a free loopback port. */
    public static Map<String, String> freshCommandLine(Path dir) {
        Map<String, String> cli = new LinkedHashMap<>();
        cli.put(SettingsFile.VARIABLE, dir.resolve("settings.properties").toString());
        cli.put(Setting.MODELS_DIR.variable(), dir.resolve("models").toString());
        cli.put(Setting.LOGS_DIR.variable(), dir.resolve("logs").toString());
        return cli;
    }

    /**
     * A host for a fresh console: demo data, fixed hyper-parameters, and (in the settings file, as if an
     * administrator had saved it) the loopback port given by the system.
     */
    public static ServiceHost freshHost(Path dir) {
        return freshHost(dir, freshCommandLine(dir));
    }

    public static ServiceHost freshHost(Path dir, Map<String, String> commandLine) {
        try {
            new SettingsFile(dir.resolve("settings.properties")).update(Map.of(Setting.BIND.variable(), "127.0.0.1:0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = Map.of();
        MlService.Tuning tuning = new MlService.Tuning(List.of(Duration.ZERO),
                HyperParameters.defaults().withEpochs(4).withComponents(16));
        return new ServiceHost(new ServiceHost.Launch(commandLine, env, dir, tuning, Clock.systemUTC()));
    }

    /** Waits (polling, up to a minute) until the condition holds on the JavaFX thread. */
    public static void waitUntil(String what, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(condition::getAsBoolean));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    /** Runs on the JavaFX thread and returns the result. */
    public static <T> T onFx(Callable<T> action) {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** Quits the console (stopping the service) and waits until it has. */
    public static void quit(Console console) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> console.quit(done::countDown));
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the console did not quit within a minute");
        }
    }
}
