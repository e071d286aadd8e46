package io.mlservice.console.training;

import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Notices;
import io.mlservice.console.ServiceHost;

import java.time.Clock;
import java.util.concurrent.Executor;

/** A console context for view-model tests: background work runs at once on the calling thread. */
final class DirectContext {
    private DirectContext() {
    }

    static ConsoleContext of(ServiceHost host, Executor ui, Notices notices, ConsoleContext.Navigator navigator) {
        return new ConsoleContext(host, ui, new DirectExecutorService(), Clock.systemUTC(), notices, navigator);
    }
}
