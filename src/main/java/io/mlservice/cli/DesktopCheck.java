package io.mlservice.cli;

import java.util.Locale;
import java.util.Map;

/** Whether a window can be opened: always on Windows and macOS, on Linux and other Unixes when X11 or Wayland is. */
final class DesktopCheck {
    private DesktopCheck() {
    }

    static boolean hasDisplay() {
        return hasDisplay(System.getProperty("os.name", ""), System.getenv());
    }

    static boolean hasDisplay(String osName, Map<String, String> environment) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return !environment.getOrDefault("DISPLAY", "").isBlank()
                || !environment.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
    }
}
