package io.mlservice.totara;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What Totara's HTTP answers mean as kinds; the texts themselves are asserted where they are made. */
class TotaraFailureTest {

    @Test
    void exportAnswersAreClassifiedAsTheDownloaderAndTheConnectionTestReadThem() {
        assertThat(TotaraFailure.ofExportAnswer(202)).isEqualTo(TotaraFailure.EXPORT_NOT_READY);
        assertThat(TotaraFailure.ofExportAnswer(204)).isEqualTo(TotaraFailure.EMPTY_ANSWER);
        assertThat(TotaraFailure.ofExportAnswer(401)).isEqualTo(TotaraFailure.WRONG_KEY_OR_CLOCK);
        assertThat(TotaraFailure.ofExportAnswer(403)).isEqualTo(TotaraFailure.WRONG_KEY_OR_CLOCK);
        assertThat(TotaraFailure.ofExportAnswer(404)).isEqualTo(TotaraFailure.WRONG_KEY_OR_CLOCK);
        assertThat(TotaraFailure.ofExportAnswer(302)).isEqualTo(TotaraFailure.REDIRECTED);
        assertThat(TotaraFailure.ofExportAnswer(500)).isEqualTo(TotaraFailure.HTTP_ERROR);
    }

    @Test
    void statusAnswersTellAMissingStatusPageFromARedirectAndAServerError() {
        assertThat(TotaraFailure.ofStatusAnswer(404)).isEqualTo(TotaraFailure.NOT_TOTARA);
        assertThat(TotaraFailure.ofStatusAnswer(301)).isEqualTo(TotaraFailure.REDIRECTED);
        assertThat(TotaraFailure.ofStatusAnswer(503)).isEqualTo(TotaraFailure.HTTP_ERROR);
    }

    @Test
    void anUnusableTrustStoreIsReportedInTheHealthChecksWords() {
        TotaraStatus status = TotaraStatus.trustStoreUnusable("https://lms.example.org",
                new IOException("The trust store /etc/t.p12 (ML_TRUST_STORE) holds no certificates"));

        assertThat(status.ok()).isFalse();
        assertThat(status.failure()).isEqualTo(TotaraFailure.TRUST_STORE);
        assertThat(status.error()).isEqualTo("Unable to communicate with Totara: The trust store /etc/t.p12 "
                + "(ML_TRUST_STORE) holds no certificates");
    }
}
