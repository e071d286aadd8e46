package io.mlservice.totara;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failure's chain of causes holds: the HTTP client wraps the real cause (refused, unknown host, TLS) in
 * layers of its own, and a failure is mapped to a {@link TotaraFailure} by what is somewhere in that chain.
 */
final class FailureChain {

    private FailureChain() {
    }

    /** The failure without the future's wrappers around it. */
    static Throwable rootOf(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The message of the first cause of the type, else of the failure itself. */
    static String messageOf(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return describe(t);
            }
        }
        return describe(failure);
    }

    /** The failure's message, or its class's name when it has none. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
