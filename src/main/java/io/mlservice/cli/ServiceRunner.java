package io.mlservice.cli;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ServiceSettings;
import io.mlservice.service.MlService;
import io.mlservice.service.Version;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Runs the service in the foreground until the process is told to stop (SIGTERM, Ctrl+C). */
final class ServiceRunner {
    private ServiceRunner() {
    }

    /**
     * Starts the service, prints where it listens, and blocks. The shutdown hook stops it gracefully: requests in
     * flight are answered, a running training is cancelled, nothing is left half-written.
     */
    static int run(ServiceSettings settings, PrintStream out, String banner)
            throws IOException, InterruptedException, ConfigException {
        MlService service = new MlService(settings, Clock.systemUTC());
        service.start();
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
