package io.mlservice.console;

import io.mlservice.service.ServiceListener;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the pages see of the service, across its restarts: the running service if there is one (the one place
 * that asks), its events, and whether it serves the demo dataset. Starting, stopping and changing settings stay
 * with {@link ServiceHost}. Holds no state of its own.
 */
public final class ServiceAccess {
    private final ServiceHost host;

    public ServiceAccess(ServiceHost host) {
        this.host = host;
    }

    /** The running service; empty while it starts, after it stopped, or when it did not start. */
    public Optional<RunningService> current() {
        return Optional.ofNullable(host.service()).map(RunningService::new);
    }

    public boolean running() {
        return host.service() != null;
    }

    /** Whether the service trains on the built-in demo dataset because no Totara site is configured. */
    public boolean demo() {
        return host.demo();
    }

    /**
     * Starts a cycle now, off the JavaFX thread.
     *
     * @return false when the service is not running or a cycle runs already
     */
    public boolean trainNow() {
        return current().map(RunningService::trainNow).orElse(false);
    }

    /** Receives the service's events, across restarts; called on the service's threads. */
    public void addListener(ServiceListener listener) {
        host.addListener(listener);
    }

    public void removeListener(ServiceListener listener) {
        host.removeListener(listener);
    }

    /** Called with each service that started (on the thread that started it). */
    public void onStarted(Consumer<RunningService> listener) {
        host.onStarted(started -> listener.accept(new RunningService(started)));
    }
}
