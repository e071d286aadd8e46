package io.mlservice.totara;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureChainTest {

    @Test
    void theRootIsTheFailureInsideTheFuturesWrappers() {
        ConnectException refused = new ConnectException("refused");

        assertThat(FailureChain.rootOf(new ExecutionException(new CompletionException(refused)))).isSameAs(refused);
        assertThat(FailureChain.rootOf(refused)).isSameAs(refused);
    }

    @Test
    void aCauseAnywhereInTheChainIsFoundWithItsMessage() {
        IOException failure = new IOException("wrapped", new SSLHandshakeException("PKIX path building failed"));

        assertThat(FailureChain.has(failure, SSLHandshakeException.class)).isTrue();
        assertThat(FailureChain.has(failure, ConnectException.class)).isFalse();
        assertThat(FailureChain.messageOf(failure, SSLHandshakeException.class)).isEqualTo("PKIX path building failed");
        assertThat(FailureChain.messageOf(failure, ConnectException.class)).isEqualTo("wrapped");
    }

    @Test
    void aFailureWithoutAMessageIsDescribedByItsClass() {
        assertThat(FailureChain.describe(new ConnectException())).isEqualTo("ConnectException");
        assertThat(FailureChain.describe(new IOException(" "))).isEqualTo("IOException");
    }
}
