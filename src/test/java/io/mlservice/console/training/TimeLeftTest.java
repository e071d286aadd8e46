package io.mlservice.console.training;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimeLeftTest {
    private final Instant start = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void theRestGoesAtThePaceSoFar() {
        TimeLeft pace = new TimeLeft(start, 0);
        assertThat(pace.at(start.plusSeconds(10), 0.25)).contains(Duration.ofSeconds(30));
        assertThat(pace.at(start.plusSeconds(60), 0.5)).contains(Duration.ofSeconds(60));
    }

    @Test
    void joiningLateJudgesOnlyWhatWasSeen() {
        TimeLeft pace = new TimeLeft(start, 0.5);
        assertThat(pace.at(start.plusSeconds(10), 0.75)).contains(Duration.ofSeconds(10));
    }

    @Test
    void tooLittleToJudgeByGivesNoEstimate() {
        TimeLeft pace = new TimeLeft(start, 0);
        assertThat(pace.at(start.plusMillis(100), 0.5)).isEmpty();
        assertThat(pace.at(start.plusSeconds(10), 0.01)).isEmpty();
        assertThat(pace.at(start.plusSeconds(10), 1.0)).contains(Duration.ZERO);
    }
}
