package io.mlservice.console;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * A console context for view-model tests: "UI" work runs at once on the calling thread ({@code Runnable::run}
 * unless given), and so does background work, in order.
 */
public final class DirectContext {
    private DirectContext() {
    }

    public static ConsoleContext of(ServiceHost host) {
        return of(host, new Notices(Runnable::run));
    }

    public static ConsoleContext of(ServiceHost host, Notices notices) {
        return of(host, Runnable::run, notices, page -> { });
    }

    public static ConsoleContext of(ServiceHost host, ConsoleContext.Navigator navigator) {
        return of(host, Runnable::run, new Notices(Runnable::run), navigator);
    }

    public static ConsoleContext of(ServiceHost host, Executor ui, Notices notices, ConsoleContext.Navigator navigator) {
        return new ConsoleContext(host, ui, new DirectExecutorService(), Clock.systemUTC(), notices, navigator);
    }
}
