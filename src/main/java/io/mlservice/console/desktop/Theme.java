package io.mlservice.console.desktop;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The console's look: AtlantaFX's Primer theme, dark when the operating system is in dark mode. JavaFX 21 cannot
 * ask the system, so the system's own setting is read (Windows registry, macOS defaults, GNOME gsettings);
 * {@code -Dmlservice.theme=dark|light} overrides it.
 */
public final class Theme {
    private static volatile Boolean dark;

    private Theme() {
    }

    /** Sets the theme for every window of the application. Call on the JavaFX thread. */
    public static void apply() {
        Application.setUserAgentStylesheet(isDark()
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** The console's own style sheet, for the main window and its dialogs. */
    public static String stylesheet() {
        return Theme.class.getResource("/io/mlservice/console/console.css").toExternalForm();
    }

    /** Whether the console is dark: the override, else the system's setting read once (about 50 ms). */
    public static boolean isDark() {
        Boolean known = dark;
        if (known == null) {
            String forced = System.getProperty("mlservice.theme", "");
            known = forced.isBlank() ? systemIsDark() : forced.equalsIgnoreCase("dark");
            dark = known;
        }
        return known;
    }

    private static boolean systemIsDark() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        try {
            if (os.contains("win")) {
                return output("reg", "query",
                        "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                        "/v", "AppsUseLightTheme").matches("(?s).*AppsUseLightTheme\\s+REG_DWORD\\s+0x0\\b.*");
            }
            if (os.contains("mac")) {
                return output("defaults", "read", "-g", "AppleInterfaceStyle").trim().equalsIgnoreCase("dark");
            }
            return output("gsettings", "get", "org.gnome.desktop.interface", "color-scheme").contains("dark");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            r.lines().limit(50).forEach(l -> out.append(l).append('\n'));
        }
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out.toString();
    }
}
