package io.mlservice.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlservice.config.Secret;
import io.mlservice.diagnostics.ConnectionCheck.Finding;
import io.mlservice.diagnostics.ConnectionCheck.ServiceEndpoint;
import io.mlservice.totara.TotaraToken;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Totara → this service: the signed {@code /health-check} as Totara sends it (its user agent, its 2 s budget), and
 * whether Totara on another computer could reach the address the service listens on.
 */
final class ServiceProbe {
    /** Totara gives the service's health check this long; a slower answer is no answer for Totara. */
    static final Duration TOTARA_BUDGET = Duration.ofSeconds(2);
    /** The start of the API's 401 answer to a request signed at the wrong time (the contract's wording). */
    private static final String CLOCK_SKEW_ANSWER = "The clocks were not in sync";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Built on first use: its set-up takes a noticeable moment, which belongs on a background thread. */
    private HttpClient http;

    /** An HTTP answer, or status 0 and the reason when none came. */
    private record Answer(int status, String body) {
    }

    /**
     * @param service      the running service, or null when it is not running
     * @param key          the key to sign with
     * @param signingClock the time to sign at (Totara's, when Totara told it)
     */
    List<Finding> check(ServiceEndpoint service, Secret key, Clock signingClock) throws InterruptedException {
        if (service == null) {
            return List.of(FindingTexts.serviceNotRunning());
        }
        List<Finding> findings = new ArrayList<>();
        URI healthCheck = service.baseUri().resolve("health-check");
        findings.add(healthCheckFinding(service, healthCheck, key, signingClock));
        if (ServiceAddress.loopbackOnly(service.bind())) {
            findings.add(FindingTexts.loopbackOnly(service.bind()));
        }
        return findings;
    }

    private Finding healthCheckFinding(ServiceEndpoint service, URI healthCheck, Secret key, Clock signingClock)
            throws InterruptedException {
        Answer answer = healthCheck(healthCheck, key, signingClock);
        if (answer.status() == 401 && answer.body().contains(CLOCK_SKEW_ANSWER)) {
            return FindingTexts.serviceClockSkew();
        }
        if (answer.status() == 401) {
            boolean otherKey = service.keyInUse() == null || !service.keyInUse().equals(key);
            if (otherKey && service.keyInUse() != null
                    && healthCheck(healthCheck, service.keyInUse(), signingClock).status() == 200) {
                return FindingTexts.keyNotInUseYet(healthCheck);
            }
            return FindingTexts.serviceRefusedKey();
        }
        if (answer.status() == 200) {
            return FindingTexts.serviceAnswers(healthCheck, noModelYet(answer.body()));
        }
        if (answer.status() > 0) {
            return FindingTexts.serviceAnsweredWith(answer.status());
        }
        return FindingTexts.serviceUnreachable(healthCheck, answer.body());
    }

    private Answer healthCheck(URI uri, Secret key, Clock signingClock) throws InterruptedException {
        HttpRequest.Builder signed = HttpRequest.newBuilder(uri).timeout(TOTARA_BUDGET);
        TotaraToken.signedHeaders(key.reveal(), signingClock).forEach(signed::header);
        try {
            HttpResponse<String> response = http().send(signed.GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new Answer(0, "no answer within " + TOTARA_BUDGET.toSeconds() + " s, which is all Totara waits.");
        } catch (ConnectException e) {
            return new Answer(0, "the connection was refused: the service is not listening there.");
        } catch (IOException e) {
            return new Answer(0, String.valueOf(e.getMessage()));
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1)).build();
        }
        return http;
    }

    private static boolean noModelYet(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return "false".equals(json.path("totara").path("recommendation_model").asText());
        } catch (IOException e) {
            return false;
        }
    }
}
