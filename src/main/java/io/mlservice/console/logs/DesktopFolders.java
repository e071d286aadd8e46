package io.mlservice.console.logs;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens folders with the system's file manager through AWT's {@link Desktop} (Explorer, Finder, the Linux
 * desktop's handler). Blocking: call it off the JavaFX thread.
 */
final class DesktopFolders implements LogsViewModel.FolderOpener {

    @Override
    public boolean supported() {
        try {
            return Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void open(Path folder) throws IOException {
        Desktop.getDesktop().open(folder.toFile());
    }
}
