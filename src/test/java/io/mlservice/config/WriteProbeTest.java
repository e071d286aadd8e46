package io.mlservice.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The one write check of a folder that both the service's start and the console's Settings page make. */
class WriteProbeTest {

    @Test
    void aWritableFolderPassesAndKeepsNoProbeFile(@TempDir Path folder) throws IOException {
        assertThat(WriteProbe.problem(folder)).isEmpty();
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFolderThatIsNotThereSaysSoInPlainWords(@TempDir Path folder) {
        assertThat(WriteProbe.problem(folder.resolve("missing"))).contains("no such file or folder");
    }
}
