package io.mlservice.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerMainTest {
    @Test
    void addsHeadlessInFrontOfWhateverTheLauncherIsGiven() {
        assertThat(ServerMain.withHeadless(new String[0])).containsExactly("--headless");
        assertThat(ServerMain.withHeadless(new String[]{"--set", "ML_BIND=127.0.0.1:5001"}))
                .containsExactly("--headless", "--set", "ML_BIND=127.0.0.1:5001");
    }

    @Test
    void leavesAnExplicitHeadlessAlone() {
        assertThat(ServerMain.withHeadless(new String[]{"--settings", "f", "--headless"}))
                .containsExactly("--settings", "f", "--headless");
    }
}
