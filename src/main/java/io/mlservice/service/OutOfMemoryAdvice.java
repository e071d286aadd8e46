package io.mlservice.service;

import io.mlservice.format.ByteSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What an administrator reads when a cycle ran out of memory: what was being done, how large the export is on disk,
 * how large the heap may grow now, and where to raise it for each way the service is run.
 */
final class OutOfMemoryAdvice {
    private static final long GIGABYTE = 1L << 30;

    private OutOfMemoryAdvice() {
    }

    /**
     * @param doing  what ran out, e.g. {@code reading the export}
     * @param export the export folder, or null when it is not known yet
     */
    static String of(String doing, Path export) {
        long heap = Runtime.getRuntime().maxMemory();
        String xmx = "-Xmx" + suggestedGigabytes(heap) + "g";
        return "out of memory while " + doing + " (" + exportSize(export) + "; the Java heap may grow to "
                + ByteSize.text(heap) + "): raise the heap limit with " + xmx + ": for the systemd unit add "
                + "JAVA_TOOL_OPTIONS=" + xmx + " to /etc/ml-service/environment; for the installed launchers set "
                + "JAVA_TOOL_OPTIONS=" + xmx + " or add java-options=" + xmx + " to the launcher's .cfg file in the "
                + "installation's lib/app folder; for java -jar pass " + xmx + " before -jar";
    }

    private static long suggestedGigabytes(long heap) {
        return Math.max(2, (2 * heap + GIGABYTE - 1) / GIGABYTE);
    }

    private static String exportSize(Path export) {
        if (export == null) {
            return "the export's size is not known yet";
        }
        try (Stream<Path> files = Files.walk(export)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(OutOfMemoryAdvice::size).sum();
            return "the export in " + export + " is " + ByteSize.text(bytes) + " on disk";
        } catch (IOException | RuntimeException e) {
            return "the size of the export in " + export + " could not be read";
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
