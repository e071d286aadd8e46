package io.mlservice.console.desktop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SingleInstanceTest {
    @TempDir
    Path dir;

    @Test
    void aSecondStartAsksTheFirstToShowItself() throws Exception {
        Path lock = dir.resolve("console.lock");
        CountDownLatch asked = new CountDownLatch(1);
        Optional<SingleInstance> first = SingleInstance.acquire(lock, asked::countDown);
        assertThat(first).isPresent();
        try {
            assertThat(SingleInstance.acquire(lock, () -> { })).isEmpty();
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.get().close();
        }
    }

    @Test
    void theGuardIsFreeAgainOnceTheFirstHasQuit() throws Exception {
        Path lock = dir.resolve("console.lock");
        SingleInstance.acquire(lock, () -> { }).orElseThrow().close();
        Optional<SingleInstance> again = SingleInstance.acquire(lock, () -> { });
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void aRequestWithoutTheTokenIsIgnored() throws Exception {
        Path lock = dir.resolve("console.lock");
        AtomicInteger shown = new AtomicInteger();
        SingleInstance first = SingleInstance.acquire(lock, shown::incrementAndGet).orElseThrow();
        try {
            String port = Files.readString(lock).trim().split(" ")[0];
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
                socket.getOutputStream().write("wrong show\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().read()).isEqualTo('\n');
            }
            // a proper request afterwards is answered, so the wrong one was read and refused
            SingleInstance.askToShow(lock);
            assertThat(shown.get()).isEqualTo(1);
        } finally {
            first.close();
        }
    }
}
