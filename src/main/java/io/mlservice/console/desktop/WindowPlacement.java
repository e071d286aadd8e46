package io.mlservice.console.desktop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the main window was and how big, kept in a small file next to the settings so the console reopens as it
 * was left. Written to a temporary file and moved into place; an unreadable file is ignored (the window opens at its
 * default place).
 *
 * @param maximized whether the window was maximised (the bounds are then those before maximising)
 */
public record WindowPlacement(double x, double y, double width, double height, boolean maximized) {
    private static final double MIN_SIZE = 200;

    /** Sizes too small to use and values that are not numbers are refused. */
    public WindowPlacement {
        if (!(Double.isFinite(x) && Double.isFinite(y) && width >= MIN_SIZE && height >= MIN_SIZE
                && Double.isFinite(width) && Double.isFinite(height))) {
            throw new IllegalArgumentException("not a usable window placement");
        }
    }

    /** The placement saved in the file, if there is one and it can be read. */
    public static Optional<WindowPlacement> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            return Optional.of(new WindowPlacement(number(p, "x"), number(p, "y"), number(p, "width"),
                    number(p, "height"), Boolean.parseBoolean(p.getProperty("maximized"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Saves the placement (atomically: a crash leaves the old file or the new one). */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("x", format(x));
        p.setProperty("y", format(y));
        p.setProperty("width", format(width));
        p.setProperty("height", format(height));
        p.setProperty("maximized", Boolean.toString(maximized));
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                p.store(out, "ML Service console window");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Whether enough of the window would be visible on one of the screens (given as x, y, width, height) for a
     * person to grab it: at least 100 by 50 pixels of its top part.
     */
    public boolean visibleOn(List<double[]> screens) {
        for (double[] s : screens) {
            double left = Math.max(x, s[0]);
            double right = Math.min(x + width, s[0] + s[2]);
            double top = Math.max(y, s[1]);
            double bottom = Math.min(y + 50, s[1] + s[3]);
            if (right - left >= 100 && bottom - top >= 25) {
                return true;
            }
        }
        return false;
    }

    private static double number(Properties p, String name) {
        String text = p.getProperty(name);
        if (text == null) {
            throw new IllegalArgumentException(name + " missing");
        }
        return Double.parseDouble(text.trim());
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
