package io.mlservice.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** One text per size and per duration, whichever page or message writes it. */
class ByteSizeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0             | 0 B",
            "1023          | 1023 B",
            "1024          | 1.0 KB",
            "1536          | 1.5 KB",
            "12582912      | 12 MB",
            "2147483648    | 2.0 GB",
            "3298534883328 | 3.0 TB"})
    void aSizeReadsInItsLargestUnit(long bytes, String text) {
        assertThat(ByteSize.text(bytes)).isEqualTo(text);
    }

    @Test
    void twoGigabytesAreOneTextNotTwo() {
        assertThat(ByteSize.text(2048L << 20)).isEqualTo("2.0 GB").isEqualTo(ByteSize.text(2L << 30));
    }

    @Test
    void theDownloadLimitReadsInTheUnitItIsSetIn() {
        assertThat(ByteSize.wholeMegabytes(2048L << 20)).isEqualTo("2048 MB");
        assertThat(ByteSize.wholeMegabytes(100)).isEqualTo("100 bytes");
    }

    @Test
    void timeoutsAndBackOffsReadInSecondsOrMilliseconds() {
        assertThat(ShortDuration.text(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(ShortDuration.text(Duration.ofSeconds(100))).isEqualTo("100 s");
        assertThat(ShortDuration.text(Duration.ofMillis(400))).isEqualTo("400 ms");
        assertThat(ShortDuration.text(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }
}
