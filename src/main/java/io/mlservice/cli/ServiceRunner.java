package io.mlservice.cli;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.config.SettingsWarnings;
import io.mlservice.service.MlService;
import io.mlservice.service.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Runs the service in the foreground until the process is told to stop (SIGTERM, Ctrl+C). */
final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {
    }

    /**
     * Starts the service, logs what in its settings should change ({@link SettingsWarnings}), prints where it
     * listens, and blocks. The shutdown hook stops it gracefully: requests in flight are answered, a running
     * training is cancelled, nothing is left half-written.
     *
     * @param settingsFile the settings file the settings were read from (it may not exist)
     */
    static int run(ServiceSettings settings, Path settingsFile, PrintStream out, String banner)
            throws IOException, InterruptedException, ConfigException {
        MlService service = new MlService(settings, Clock.systemUTC());
        service.start();
        SettingsWarnings.of(settings, settingsFile).forEach(LOG::warn);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stop();
            stopped.countDown();
        }, "ml-shutdown"));
        out.println(banner);
        out.println("Listening on " + service.baseUri() + " (" + settings.bind() + "); exports from "
                + service.status().exportSource() + ". Stop with Ctrl+C or SIGTERM.");
        out.flush();
        stopped.await();
        return 0;
    }

    static String firstLine(ServiceSettings settings) {
        return "ML Service " + Version.current() + ", models in " + settings.modelsDir()
                + ", logs in " + settings.logsDir();
    }
}
