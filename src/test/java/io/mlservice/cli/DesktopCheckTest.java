package io.mlservice.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DesktopCheckTest {
    @Test
    void windowsAndMacAlwaysHaveADesktop() {
        assertThat(DesktopCheck.hasDisplay("Windows 11", Map.of())).isTrue();
        assertThat(DesktopCheck.hasDisplay("Mac OS X", Map.of())).isTrue();
    }

    @Test
    void linuxNeedsX11OrWayland() {
        assertThat(DesktopCheck.hasDisplay("Linux", Map.of())).isFalse();
        assertThat(DesktopCheck.hasDisplay("Linux", Map.of("DISPLAY", " "))).isFalse();
        assertThat(DesktopCheck.hasDisplay("Linux", Map.of("DISPLAY", ":0"))).isTrue();
        assertThat(DesktopCheck.hasDisplay("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"))).isTrue();
    }
}
