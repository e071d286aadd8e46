package io.mlservice.console.desktop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowPlacementTest {
    @TempDir
    Path dir;

    @Test
    void aSavedPlacementReadsBackTheSame() throws Exception {
        Path file = dir.resolve("sub").resolve("window.properties");
        WindowPlacement placed = new WindowPlacement(120.5, -30, 1280, 800, true);
        placed.write(file);
        assertThat(WindowPlacement.read(file)).contains(placed);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aMissingOrDamagedFileMeansTheDefaultPlace() throws Exception {
        Path file = dir.resolve("window.properties");
        assertThat(WindowPlacement.read(file)).isEmpty();
        Files.writeString(file, "x=12\ny=oops\nwidth=800\nheight=600\n");
        assertThat(WindowPlacement.read(file)).isEmpty();
        Files.writeString(file, "x=12\ny=0\nwidth=20\nheight=600\n");
        assertThat(WindowPlacement.read(file)).isEmpty();
    }

    @Test
    void unusableSizesAreRefused() {
        assertThatThrownBy(() -> new WindowPlacement(0, 0, 50, 600, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WindowPlacement(Double.NaN, 0, 800, 600, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowLeftOnADisconnectedScreenIsNotRestoredThere() {
        List<double[]> laptop = List.<double[]>of(new double[]{0, 0, 1440, 900});
        assertThat(new WindowPlacement(100, 100, 1000, 700, false).visibleOn(laptop)).isTrue();
        // it was on a second monitor to the right, now unplugged
        assertThat(new WindowPlacement(2000, 100, 1000, 700, false).visibleOn(laptop)).isFalse();
        // only its right edge would show
        assertThat(new WindowPlacement(-990, 100, 1000, 700, false).visibleOn(laptop)).isFalse();
        List<double[]> twoScreens = List.of(new double[]{0, 0, 1440, 900}, new double[]{1440, 0, 1920, 1080});
        assertThat(new WindowPlacement(2000, 100, 1000, 700, false).visibleOn(twoScreens)).isTrue();
    }
}
