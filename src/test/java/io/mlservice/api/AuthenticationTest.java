package io.mlservice.api;

import io.mlservice.totara.TotaraToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature check in front of every path but {@code /} and {@code /favicon.ico}, over real HTTP. */
class AuthenticationTest {
    private static final String QUERY = "/similar-items?totara_item_id=engage_article1&tenant=0&n_items=5";
    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = RunningApi.serving();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void defaultSettings() {
        api.settings.set(TestSettings.defaults());
    }

    @Test
    void aCorrectlySignedRequestPasses() {
        assertThat(api.signedGet(QUERY).statusCode()).isEqualTo(200);
    }

    @Test
    void noHeadersIsInvalidAccess() {
        assertInvalid(api.send(api.request(QUERY).header("User-Agent", TotaraToken.USER_AGENT).build()));
    }

    @Test
    void theWrongKeyIsInvalidAccessAndTheBodyRepeatsNoHeader() {
        String time = now();
        String signature = TotaraToken.sign(time, "not-the-key");
        HttpResponse<String> response = api.send(api.request(QUERY).header(TotaraToken.TIME_HEADER, time)
                .header(TotaraToken.KEY_HEADER, signature).header("User-Agent", TotaraToken.USER_AGENT).build());

        assertInvalid(response);
        assertThat(response.body()).doesNotContain(signature, time, TestSettings.KEY, TotaraToken.USER_AGENT);
    }

    @Test
    void aRightSignatureFromASkewedClockSaysTheClocksWereNotInSync() {
        String time = Long.toString(Instant.now().getEpochSecond() - 120);
        String signature = TotaraToken.sign(time, TestSettings.KEY);
        HttpResponse<String> response = api.send(api.request(QUERY).header(TotaraToken.TIME_HEADER, time)
                .header(TotaraToken.KEY_HEADER, signature).header("User-Agent", TotaraToken.USER_AGENT).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("Invalid access\nThe clocks were not in sync\n");
        assertThat(response.body()).doesNotContain(signature, time);
    }

    @Test
    void aMalformedTimeIs401NotAServerError() {
        String time = "12:00";
        HttpResponse<String> response = api.send(api.request(QUERY).header(TotaraToken.TIME_HEADER, time)
                .header(TotaraToken.KEY_HEADER, TotaraToken.sign(time, TestSettings.KEY))
                .header("User-Agent", TotaraToken.USER_AGENT).build());

        assertInvalid(response);
        assertThat(response.body()).doesNotContain(time);
    }

    @Test
    void anotherUserAgentIsRefusedUnlessInDevelopmentMode() {
        HttpRequest fromBrowser = api.signed(QUERY).setHeader("User-Agent", "Mozilla/5.0 curious").build();
        HttpResponse<String> refused = api.send(fromBrowser);
        assertInvalid(refused);
        assertThat(refused.body()).doesNotContain("Mozilla");

        api.settings.set(TestSettings.withDev(TestSettings.defaults(), true));
        HttpRequest again = api.signed(QUERY).setHeader("User-Agent", "Mozilla/5.0 curious").build();
        assertThat(api.send(again).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsNeedTheSignatureBeforeTheyAreNotFound() {
        assertInvalid(api.send(api.request("/no-such-page").build()));

        HttpResponse<String> signed = api.signedGet("/no-such-page");
        assertThat(signed.statusCode()).isEqualTo(404);
        assertThat(signed.body()).isEqualTo("{\"error\":\"true\",\"msg\":\"Not found\"}");
    }

    @Test
    void theHomePageAndIconNeedNoSignature() {
        assertThat(api.send(api.request("/").build()).statusCode()).isEqualTo(200);
        assertThat(api.sendForBytes(api.request("/favicon.ico").build()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusalsAreCountedAsUnauthorised() {
        long before = refused();
        api.send(api.request(QUERY).build());
        api.send(api.request("/health-check").build());

        assertThat(refused()).isEqualTo(before + 2);
    }

    private static long refused() {
        return api.metrics.live(Instant.now()).of(ApiMetrics.UNAUTHORISED).stream().mapToLong(MinuteStats::requests)
                .sum();
    }

    private static void assertInvalid(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("Invalid access\n");
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }
}
