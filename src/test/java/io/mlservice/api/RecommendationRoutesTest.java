package io.mlservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.TotaraToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /user-items} and {@code /similar-items} over real HTTP against the hand-set tenant of {@link ServedTenant}. */
class RecommendationRoutesTest {
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
    void userItemsAnswersTotarasShapeWithInteractedItemsLast() {
        HttpResponse<String> response = api.signedGet("/user-items?totara_user_id=2&item_type=engage_article&tenant=0"
                + "&n_items=25");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(
                "{\"success\":true,\"items\":[[\"2\",\" 0.5000\"],[\"3\",\" 0.0000\"],[\"1\",\"-1.0000\"]]}");
    }

    @Test
    void theOriginalSeenRuleAppliesWithoutRestart() {
        api.settings.set(TestSettings.withOriginalSeenRule(TestSettings.defaults(), true));

        JsonNode body = api.signedJson("/user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=25");

        assertThat(pairs(body)).containsExactly(List.of("2", " 0.5000"), List.of("1", " 0.2500"),
                List.of("3", " 0.0000"));
    }

    @Test
    void itemsComeSortedByTheirScoresBestFirst() {
        for (String user : List.of("2", "3", "4")) {
            JsonNode body = api.signedJson("/user-items?totara_user_id=" + user
                    + "&item_type=engage_article&tenant=0&n_items=25");
            List<Double> scores = new ArrayList<>();
            body.get("items").forEach(pair -> scores.add(Double.parseDouble(pair.get(1).asText())));
            assertThat(scores).hasSize(3).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        }
    }

    @Test
    void nItemsLimitsTheListAndIsCappedBySettings() {
        assertThat(pairs(api.signedJson("/user-items?totara_user_id=3&item_type=engage_article&tenant=0&n_items=1")))
                .containsExactly(List.of("1", " 0.0000"));

        api.settings.set(TestSettings.withMaxItems(TestSettings.defaults(), 2));
        assertThat(pairs(api.signedJson("/user-items?totara_user_id=3&item_type=engage_article&tenant=0"
                + "&n_items=99999999999999999999"))).hasSize(2);
        assertThat(pairs(api.signedJson("/similar-items?totara_item_id=engage_article1&tenant=0&n_items=500")))
                .hasSize(2);
    }

    @Test
    void missingNItemsUsesTotarasDefaults() {
        api.settings.set(TestSettings.withMaxItems(TestSettings.defaults(), 1));

        assertThat(pairs(api.signedJson("/user-items?totara_user_id=2&item_type=engage_article&tenant=0")))
                .hasSize(1);
        assertThat(UserItemsRoute.DEFAULT_ITEMS).isEqualTo(25);
        assertThat(SimilarItemsRoute.DEFAULT_ITEMS).isEqualTo(15);
    }

    @Test
    void similarItemsStayWithinTheComponentAndExcludeTheItem() {
        JsonNode body = api.signedJson("/similar-items?totara_item_id=engage_article1&tenant=0&n_items=15");

        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(pairs(body)).containsExactly(List.of("2", " 0.7071"), List.of("3", " 0.0000"));
    }

    @Test
    void anArticleIdFallsBackToTheMicrolearningItemOfTheSameNumber() {
        JsonNode body = api.signedJson("/similar-items?totara_item_id=engage_article7&tenant=0&n_items=15");

        assertThat(pairs(body)).containsExactly(List.of("8", " 0.1104"));
    }

    @Test
    void logicalFailuresAre200WithTheContractsMessages() {
        assertFailure("/user-items?totara_user_id=2&item_type=engage_article&tenant=9&n_items=5",
                "Bad request: no such tenant");
        assertFailure("/similar-items?totara_item_id=engage_article1&tenant=9&n_items=5",
                "Bad request: no such tenant");
        assertFailure("/user-items?totara_user_id=2&item_type=engage_article&tenant=7&n_items=5",
                "Message: The model for tenant 7 is not trained, probably for insufficient data");
        assertFailure("/similar-items?totara_item_id=engage_article1&tenant=7&n_items=5",
                "Message: The model for tenant 7 is not trained, probably for insufficient data");
        assertFailure("/user-items?totara_user_id=2&item_type=totara_program&tenant=0&n_items=5",
                "Bad request: no such item type is available");
        assertFailure("/similar-items?totara_item_id=engage_article99&tenant=0&n_items=5",
                "Bad request: no such item id");
    }

    @Test
    void anUnknownUserGetsPopularItemsWithColdStartAndTheOriginalMessageWithout() {
        long coldBefore = coldStarts();
        JsonNode popular = api.signedJson("/user-items?totara_user_id=999&item_type=engage_article&tenant=0"
                + "&n_items=25");
        assertThat(popular.get("success").asBoolean()).isTrue();
        assertThat(pairs(popular)).containsExactly(List.of("2", " 2.0000"), List.of("1", " 1.0000"),
                List.of("3", " 1.0000"));
        assertThat(coldStarts()).isEqualTo(coldBefore + 1);

        api.settings.set(TestSettings.withColdStart(TestSettings.defaults(), false));
        assertFailure("/user-items?totara_user_id=999&item_type=engage_article&tenant=0&n_items=25",
                "Bad request: no such user id");
    }

    @Test
    void beforeTheFirstModelEveryQuerySaysNotReady() {
        try (RunningApi empty = new RunningApi(new ModelRegistry(), FixedServiceStatus.folder())) {
            for (String query : List.of("/user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=5",
                    "/similar-items?totara_item_id=engage_article1&tenant=0&n_items=5")) {
                JsonNode body = empty.signedJson(query);
                assertThat(body.get("success").asBoolean()).isFalse();
                assertThat(body.get("message").asText()).isEqualTo("The recommender model is not ready yet");
                assertThat(body.get("items")).isEmpty();
            }
        }
    }

    @Test
    void badParametersAre400WithAClearMessage() {
        assertBadRequest("/user-items?item_type=engage_article&tenant=0&n_items=5",
                "Missing parameter: totara_user_id");
        assertBadRequest("/user-items?totara_user_id=2&tenant=0&n_items=5", "Missing parameter: item_type");
        assertBadRequest("/user-items?totara_user_id=2&item_type=engage_article&n_items=5",
                "Missing parameter: tenant");
        assertBadRequest("/similar-items?tenant=0&n_items=5", "Missing parameter: totara_item_id");
        assertBadRequest("/similar-items?totara_item_id=engage_article1&tenant=&n_items=5",
                "Missing parameter: tenant");
        assertBadRequest("/user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=ten",
                "Invalid parameter: n_items must be a whole number of at least 1, not 'ten'");
        assertBadRequest("/user-items?totara_user_id=2&item_type=engage_article&tenant=0&n_items=-3",
                "Invalid parameter: n_items must be a whole number of at least 1, not '-3'");
        assertBadRequest("/similar-items?totara_item_id=engage_article1&tenant=0&n_items=0",
                "Invalid parameter: n_items must be at least 1, not 0");
        assertBadRequest("/similar-items?totara_item_id=engage_article1&tenant=0&n_items=",
                "Invalid parameter: n_items must be a whole number of at least 1, not ''");
    }

    @Test
    void aMalformedQueryStringIs400() throws Exception {
        String time = Long.toString(System.currentTimeMillis() / 1000);
        String request = "GET /user-items?totara_user_id=%zz&item_type=engage_article&tenant=0 HTTP/1.1\r\n"
                + "Host: localhost\r\nUser-Agent: TotaraBot/1.0\r\nX-Totara-Time: " + time + "\r\nX-Totara-Ml-Key: "
                + TotaraToken.sign(time, TestSettings.KEY) + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("{\"error\":\"true\",\"msg\":\"Malformed query string\"}");
        }
    }

    @Test
    void answersAreCountedPerEndpointWithFailuresAsErrors() {
        ApiMetrics.Live before = api.metrics.live(Instant.now());
        api.signedGet("/similar-items?totara_item_id=engage_article1&tenant=0&n_items=5");
        api.signedGet("/similar-items?totara_item_id=engage_article99&tenant=0&n_items=5");
        api.signedGet("/similar-items?totara_item_id=engage_article1&tenant=0&n_items=x");
        ApiMetrics.Live after = api.metrics.live(Instant.now());

        assertThat(total(after, ApiMetrics.SIMILAR_ITEMS, true) - total(before, ApiMetrics.SIMILAR_ITEMS, true))
                .isEqualTo(3);
        assertThat(total(after, ApiMetrics.SIMILAR_ITEMS, false) - total(before, ApiMetrics.SIMILAR_ITEMS, false))
                .isEqualTo(2);
    }

    private static long total(ApiMetrics.Live live, String endpoint, boolean requests) {
        return live.of(endpoint).stream().mapToLong(m -> requests ? m.requests() : m.errors()).sum();
    }

    private static long coldStarts() {
        return api.metrics.live(Instant.now()).of(ApiMetrics.USER_ITEMS).stream()
                .mapToLong(MinuteStats::coldStarts).sum();
    }

    private static void assertFailure(String query, String message) {
        HttpResponse<String> response = api.signedGet(query);
        assertThat(response.statusCode()).as(query).isEqualTo(200);
        assertThat(response.body()).as(query).isEqualTo(
                "{\"success\":false,\"message\":\"" + message + "\",\"items\":[]}");
    }

    private static void assertBadRequest(String query, String message) {
        HttpResponse<String> response = api.signedGet(query);
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = RunningApi.json(response);
        assertThat(body.get("error").asText()).isEqualTo("true");
        assertThat(body.get("msg").asText()).as(query).isEqualTo(message);
    }

    private static List<List<String>> pairs(JsonNode body) {
        List<List<String>> out = new ArrayList<>();
        body.get("items").forEach(pair -> {
            assertThat(pair.isArray()).isTrue();
            assertThat(pair.size()).isEqualTo(2);
            out.add(List.of(pair.get(0).textValue(), pair.get(1).textValue()));
        });
        return out;
    }
}
