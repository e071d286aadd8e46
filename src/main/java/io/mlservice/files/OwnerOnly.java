package io.mlservice.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders only their owner may read: downloaded exports (personal data), the history and the service's
 * log. On POSIX file systems files are created 0600 and folders 0700 whatever the umask; elsewhere (Windows) the
 * folders' inherited access rules apply and these are plain creations.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** The file as an empty owner-only file, unless it exists already (then it is made owner-only). */
    public static Path file(Path file) throws IOException {
        try {
            Files.createFile(file, attributes(file, FILE));
        } catch (FileAlreadyExistsException e) {
            restrict(file);
        }
        return file;
    }

    /** The folder and any missing parents; the folder itself (new or not) is made owner-only. */
    public static Path folder(Path folder) throws IOException {
        Files.createDirectories(folder);
        restrictFolder(folder);
        return folder;
    }

    /** A new owner-only folder; fails if it exists. */
    public static Path newFolder(Path folder) throws IOException {
        return Files.createDirectory(folder, attributes(folder.toAbsolutePath().getParent(), FOLDER));
    }

    /** Makes an existing file owner-only; nothing for a file that does not exist. */
    public static void restrict(Path file) throws IOException {
        PosixFileAttributeView view = posix(file);
        if (view != null && Files.exists(file)) {
            view.setPermissions(FILE);
        }
    }

    private static void restrictFolder(Path folder) throws IOException {
        PosixFileAttributeView view = posix(folder);
        if (view != null) {
            view.setPermissions(FOLDER);
        }
    }

    private static PosixFileAttributeView posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class);
    }

    private static FileAttribute<?>[] attributes(Path near, Set<PosixFilePermission> permissions) {
        Path probe = near.toAbsolutePath();
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        boolean posix = probe != null && posix(probe) != null;
        return posix ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
