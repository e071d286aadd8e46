package io.mlservice.format;

import java.time.Duration;

/** A timeout or a back-off as messages write it: whole seconds as "30 s", anything else as "400 ms". */
public final class ShortDuration {
    private ShortDuration() {
    }

    public static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
