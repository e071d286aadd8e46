package io.mlservice.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import io.mlservice.files.OwnerOnly;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Logback's rolling file appender whose files only their owner may read (a log names users and items): the active
 * file is created owner-only before Logback opens it, at the start and after each roll-over; rolled files are made
 * owner-only at each roll-over and at the start (Logback compresses on a thread of its own, so the file compressed
 * last is restricted at the next roll-over or start at the latest).
 */
final class OwnerOnlyRollingFileAppender extends RollingFileAppender<ILoggingEvent> {
    private final String rolledGlob;

    /** @param rolledGlob the names of the rolled files in the log file's folder, e.g. {@code ml-service.*.log.gz} */
    OwnerOnlyRollingFileAppender(String rolledGlob) {
        this.rolledGlob = rolledGlob;
    }

    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName);
        Files.createDirectories(file.toAbsolutePath().getParent());
        OwnerOnly.file(file);
        restrictRolled(file.toAbsolutePath().getParent());
        super.openFile(fileName);
    }

    @Override
    public void rollover() {
        super.rollover();
        if (getFile() != null) {
            restrictRolled(Path.of(getFile()).toAbsolutePath().getParent());
        }
    }

    private void restrictRolled(Path folder) {
        try (DirectoryStream<Path> rolled = Files.newDirectoryStream(folder, rolledGlob)) {
            for (Path file : rolled) {
                OwnerOnly.restrict(file);
            }
        } catch (IOException e) {
            addWarn("could not make the rolled log files in " + folder + " owner-only: " + e.getMessage());
        }
    }
}
