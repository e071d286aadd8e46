package io.mlservice.api;

import io.mlservice.totara.TotaraToken;
import io.mlservice.totara.TotaraToken.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Totara's signature scheme against the contract's vectors, and the edges of its acceptance window. */
class TotaraTokenTest {
    private static final String KEY = "abc123";

    @Test
    void signsTheContractsVectors() {
        assertThat(TotaraToken.sign("123456", KEY))
                .isEqualTo("a44934344c553000cb198d77cae685d33563617a01b17dc60d45a5557ad9c21d");
        assertThat(TotaraToken.sign("0", KEY))
                .isEqualTo("e4564920dabbb068898fbb32f98a67fe6d98520686d726d10dbc7e5badc37ead");
        assertThat(TotaraToken.sign("1000", KEY))
                .isEqualTo("03203b76ce4a4cf093f39eeedb61a5966a20dccfca1cc4fdfb18e0006f444e9b");
    }

    @Test
    void aSignedRequestCarriesTheUserAgentTheTimeAndItsDigestInThatOrder() {
        assertThat(TotaraToken.signedHeaders(KEY, 123456)).containsExactly(
                entry("User-Agent", "TotaraBot/1.0"),
                entry("X-Totara-Time", "123456"),
                entry("X-Totara-Ml-Key", "a44934344c553000cb198d77cae685d33563617a01b17dc60d45a5557ad9c21d"));
        assertThat(TotaraToken.signedHeaders(KEY, Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC)))
                .containsEntry("X-Totara-Time", "1000")
                .containsEntry("X-Totara-Ml-Key", TotaraToken.sign("1000", KEY));
    }

    @Test
    void acceptsUpTo29SecondsEitherWayAndCalls30ClockSkew() {
        String signature = TotaraToken.sign("1000", KEY);

        assertThat(TotaraToken.verify("1000", signature, KEY, 1000)).isEqualTo(Verdict.VALID);
        assertThat(TotaraToken.verify("1000", signature, KEY, 1029)).isEqualTo(Verdict.VALID);
        assertThat(TotaraToken.verify("1000", signature, KEY, 971)).isEqualTo(Verdict.VALID);
        assertThat(TotaraToken.verify("1000", signature, KEY, 1030)).isEqualTo(Verdict.CLOCK_SKEW);
        assertThat(TotaraToken.verify("1000", signature, KEY, 970)).isEqualTo(Verdict.CLOCK_SKEW);
    }

    @Test
    void aMalformedTimeIsInvalid() {
        assertThat(TotaraToken.verify("10o0", TotaraToken.sign("10o0", KEY), KEY, 1000)).isEqualTo(Verdict.INVALID);
        assertThat(TotaraToken.verify("", TotaraToken.sign("", KEY), KEY, 0)).isEqualTo(Verdict.INVALID);
        assertThat(TotaraToken.verify(null, TotaraToken.sign("0", KEY), KEY, 0)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aWrongKeyOrAGarbledDigestIsInvalid() {
        assertThat(TotaraToken.verify("1000", TotaraToken.sign("1000", "abc124"), KEY, 1000))
                .isEqualTo(Verdict.INVALID);
        assertThat(TotaraToken.verify("1000", "not hex", KEY, 1000)).isEqualTo(Verdict.INVALID);
        assertThat(TotaraToken.verify("1000", "03203b76", KEY, 1000)).isEqualTo(Verdict.INVALID);
        assertThat(TotaraToken.verify("1001", TotaraToken.sign("1000", KEY), KEY, 1000)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void acceptsTheDigestInUpperCaseHex() {
        String upper = TotaraToken.sign("1000", KEY).toUpperCase(Locale.ROOT);

        assertThat(TotaraToken.verify("1000", upper, KEY, 1000)).isEqualTo(Verdict.VALID);
    }
}
