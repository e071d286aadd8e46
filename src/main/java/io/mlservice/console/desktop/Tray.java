package io.mlservice.console.desktop;

import javafx.application.Platform;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * The icon in the system tray (notification area, menu bar): closing the window hides it there while the service
 * keeps serving; the icon's menu opens the window again or quits, which stops the service gracefully. Where the
 * desktop has no tray, closing the window quits.
 */
public final class Tray {
    private final SystemTray tray;
    private final TrayIcon icon;
    private boolean toldOnce;

    private Tray(SystemTray tray, TrayIcon icon) {
        this.tray = tray;
        this.icon = icon;
    }

    /**
     * Adds the icon on AWT's event thread (where AWT wants it; on macOS calling it from the JavaFX thread can
     * hang), then hands it to {@code installed} on the JavaFX thread; nothing is handed over when the desktop has
     * no tray. {@code open} and {@code quit} are called on the JavaFX thread.
     */
    public static void install(Runnable open, Runnable quit, Consumer<Tray> installed) {
        if (GraphicsEnvironment.isHeadless()) {
            return;
        }
        EventQueue.invokeLater(() -> create(open, quit).ifPresent(t -> Platform.runLater(
                () -> installed.accept(t))));
    }

    private static Optional<Tray> create(Runnable open, Runnable quit) {
        if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            return Optional.empty();
        }
        try {
            SystemTray tray = SystemTray.getSystemTray();
            PopupMenu menu = new PopupMenu();
            MenuItem openItem = new MenuItem("Open ML Service");
            openItem.addActionListener(e -> Platform.runLater(open));
            MenuItem quitItem = new MenuItem("Quit (stop the service)");
            quitItem.addActionListener(e -> Platform.runLater(quit));
            menu.add(openItem);
            menu.addSeparator();
            menu.add(quitItem);
            int size = tray.getTrayIconSize().height <= 16 ? 16 : 32;
            TrayIcon icon = new TrayIcon(image(size), "ML Service for Totara Engage", menu);
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> Platform.runLater(open));
            tray.add(icon);
            return Optional.of(new Tray(tray, icon));
        } catch (AWTException | IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Says once per run that the service goes on in the tray when the window is closed. */
    public void windowHidden() {
        if (!toldOnce) {
            toldOnce = true;
            EventQueue.invokeLater(() -> icon.displayMessage("ML Service is still running",
                    "The service keeps answering Totara. Use Quit in this icon's menu to stop it.",
                    TrayIcon.MessageType.INFO));
        }
    }

    public void remove() {
        EventQueue.invokeLater(() -> tray.remove(icon));
    }

    private static BufferedImage image(int size) throws IOException {
        try (InputStream in = AppIcons.stream(size)) {
            if (in == null) {
                throw new IOException("icon missing");
            }
            return ImageIO.read(in);
        }
    }
}
