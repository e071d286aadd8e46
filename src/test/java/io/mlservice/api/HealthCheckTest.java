package io.mlservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.TotaraFailure;
import io.mlservice.totara.TotaraStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /health-check}: always 200, success driven by Totara's reachability and the training log file. */
class HealthCheckTest {

    @Test
    void aReachableTotaraAndALogFileAreSuccess() {
        TotaraStatus ok = new TotaraStatus("https://totara.example", "192.0.2.7", 0.125, null);
        try (RunningApi api = new RunningApi(ServedTenant.registry(), FixedServiceStatus.totara(ok))) {
            long before = Instant.now().getEpochSecond();
            JsonNode body = api.signedJson("/health-check");
            long after = Instant.now().getEpochSecond();

            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.has("errors")).isFalse();
            JsonNode totara = body.get("totara");
            assertThat(fieldNames(totara)).containsExactly("url", "totara_ip", "elapsed_seconds", "service_time",
                    "variance", "recommendation_model", "logs_file_exists", "last_recommendation_model_training");
            assertThat(totara.get("url").asText()).isEqualTo("https://totara.example");
            assertThat(totara.get("totara_ip").asText()).isEqualTo("192.0.2.7");
            assertThat(totara.get("elapsed_seconds").asDouble()).isEqualTo(0.125);
            assertThat(totara.get("service_time").asLong()).isBetween(before, after);
            assertThat(totara.get("variance").asLong()).isBetween(-1L, 1L);
            assertThat(totara.get("recommendation_model").textValue()).isEqualTo("true");
            assertThat(totara.get("logs_file_exists").textValue()).isEqualTo("true");
            assertThat(totara.get("last_recommendation_model_training").asText()).contains("hybrid");
        }
    }

    @Test
    void anUnreachableTotaraIsAFailureWithItsMessage() {
        String error = "Unable to communicate with Totara: connection refused";
        TotaraStatus down = new TotaraStatus("https://totara.example", null, 1.0,
                new TotaraStatus.Problem(TotaraFailure.UNREACHABLE, 0, null, error));
        try (RunningApi api = new RunningApi(ServedTenant.registry(), FixedServiceStatus.totara(down))) {
            JsonNode body = api.signedJson("/health-check");

            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("errors")).extracting(JsonNode::asText).containsExactly(error);
            assertThat(body.get("totara").get("totara_ip").isNull()).isTrue();
        }
    }

    @Test
    void trainingFromAFolderAsksNoTotaraAndNoModelIsNoError() {
        try (RunningApi api = new RunningApi(new ModelRegistry(), FixedServiceStatus.folder())) {
            JsonNode body = api.signedJson("/health-check");

            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.get("totara").get("url").isNull()).isTrue();
            assertThat(body.get("totara").get("recommendation_model").textValue()).isEqualTo("false");
        }
    }

    @Test
    void aMissingTrainingLogIsAFailure() {
        ServiceStatus noLog = new FixedServiceStatus(Optional::empty, false, "/srv/export");
        try (RunningApi api = new RunningApi(ServedTenant.registry(), noLog)) {
            JsonNode body = api.signedJson("/health-check");

            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("errors")).extracting(JsonNode::asText)
                    .containsExactly(HealthCheckRoute.NO_LOGS_FILE);
            assertThat(body.get("totara").get("logs_file_exists").textValue()).isEqualTo("false");
        }
    }

    @Test
    void onlyATrainedTenantCountsAsARecommendationModel() {
        ModelRegistry untrainedOnly = new ModelRegistry();
        untrainedOnly.replaceAll(List.of(ModelRegistry.Entry.untrained("0", "too little data", Instant.now())));
        try (RunningApi api = new RunningApi(untrainedOnly, FixedServiceStatus.folder())) {
            assertThat(api.signedJson("/health-check").get("totara").get("recommendation_model").textValue())
                    .isEqualTo("false");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
