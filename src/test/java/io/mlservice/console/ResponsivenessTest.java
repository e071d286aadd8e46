package io.mlservice.console;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsivenessTest {
    final Queue<Runnable> uiQueue = new ArrayDeque<>();
    final AtomicLong now = new AtomicLong();

    @Test
    void measuresHowLongTheWindowTookToRunAProbe() {
        try (Responsiveness r = new Responsiveness(uiQueue::add, now::get)) {
            r.probe();
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(40));
            uiQueue.remove().run();
            r.probe();
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1300));
            uiQueue.remove().run();
            assertThat(r.samples()).isEqualTo(2);
            assertThat(r.longestMillis()).isEqualTo(1300);
        }
    }

    @Test
    void aBlockedWindowGetsOneProbeAtATime() {
        try (Responsiveness r = new Responsiveness(uiQueue::add, now::get)) {
            r.probe();
            r.probe();
            r.probe();
            assertThat(uiQueue).hasSize(1);
            now.addAndGet(TimeUnit.SECONDS.toNanos(3));
            uiQueue.remove().run();
            r.probe();
            assertThat(uiQueue).hasSize(1);
            assertThat(r.longestMillis()).isEqualTo(3000);
        }
    }
}
