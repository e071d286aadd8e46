package io.mlservice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mlservice.config.Role;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.TotaraStatus;
import io.mlservice.totara.TotaraToken;
import org.eclipse.jetty.server.Request;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /health-check}: always HTTP 200. {@code success} is true when Totara answers its status query (or the
 * service trains from a local folder and asks nobody) and {@code train_summary.log} exists; otherwise the reasons
 * are in {@code errors}. Whether a model is loaded is reported in {@code recommendation_model} but is not a
 * failure: before the first training, or for a site with too little data, the service is still healthy and
 * Totara's own fallbacks apply. The {@code serving} section says the instance's role and the model file it serves;
 * a replica ({@code ML_ROLE=serve}) writes no {@code train_summary.log} and is not failed for its absence.
 */
final class HealthCheckRoute extends Route {
    static final String NO_LOGS_FILE = "The training log file train_summary.log does not exist yet";

    private final ModelRegistry registry;
    private final ServiceStatus status;
    private final Clock clock;

    HealthCheckRoute(ApiMetrics metrics, ModelRegistry registry, ServiceStatus status, Clock clock) {
        super(ApiMetrics.HEALTH_CHECK, metrics);
        this.registry = registry;
        this.status = status;
        this.clock = clock;
    }

    @Override
    Answer answer(Request request) {
        Optional<TotaraStatus> totara = status.recentTotaraStatus();
        boolean logsFile = status.logsFileExists();
        List<String> errors = new ArrayList<>();
        totara.filter(t -> !t.ok()).ifPresent(t -> errors.add(t.error()));
        // A replica trains nothing, so it writes no train_summary.log: the trainer's health check reports that.
        if (!logsFile && status.role() == Role.TRAIN) {
            errors.add(NO_LOGS_FILE);
        }
        long now = clock.instant().getEpochSecond();
        Totara section = new Totara(
                totara.map(TotaraStatus::url).orElse(null),
                totara.map(TotaraStatus::ip).orElse(null),
                totara.map(TotaraStatus::elapsedSeconds).orElse(null),
                now,
                variance(request, now),
                String.valueOf(anyTrained()),
                String.valueOf(logsFile),
                status.lastTrainingSummary().orElse(null));
        boolean success = errors.isEmpty();
        return Answer.json(new Body(success, success ? null : errors, section, serving()), success);
    }

    private Serving serving() {
        Optional<ServedModel> served = status.servedModel();
        return new Serving(status.role().id(), served.map(ServedModel::file).orElse(null),
                served.map(m -> m.trainedAt().toString()).orElse(null),
                served.map(m -> m.since().toString()).orElse(null));
    }

    private boolean anyTrained() {
        return registry.snapshot().tenants().values().stream().anyMatch(ModelRegistry.Entry::trained);
    }

    /** Our clock minus the request's, in seconds; null when the request carries no usable time. */
    private static Long variance(Request request, long now) {
        String time = request.getHeaders().get(TotaraToken.TIME_HEADER);
        if (time == null) {
            return null;
        }
        try {
            return now - Long.parseLong(time.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The answer; {@code errors} only when {@code success} is false. */
    @JsonPropertyOrder({"success", "errors", "totara", "serving"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(boolean success, List<String> errors, Totara totara, Serving serving) {
    }

    /**
     * The {@code serving} section, beside Totara's keys: what this instance is and serves, so that replicas behind a
     * load balancer can be compared.
     *
     * @param role         {@code train} or {@code serve}
     * @param modelFile    the served model file's name, null before the first
     * @param trainedAt    the training time inside it (ISO 8601, UTC)
     * @param servingSince when this instance began serving it (ISO 8601, UTC)
     */
    @JsonPropertyOrder({"role", "model_file", "model_trained_at", "serving_since"})
    record Serving(
            @JsonProperty("role") String role,
            @JsonProperty("model_file") String modelFile,
            @JsonProperty("model_trained_at") String trainedAt,
            @JsonProperty("serving_since") String servingSince) {
    }

    /**
     * The {@code totara} section.
     *
     * @param url            the Totara URL asked, null when training from a folder
     * @param ip             its resolved address
     * @param elapsedSeconds the status query's round trip
     * @param serviceTime    the service's clock, unix seconds
     * @param variance       the service's clock minus the request's {@code X-Totara-Time}, seconds
     * @param model          {@code "true"} when any tenant has a trained model
     * @param logsFileExists {@code "true"} when {@code train_summary.log} exists
     * @param lastTraining   a summary of the last training cycle
     */
    @JsonPropertyOrder({"url", "totara_ip", "elapsed_seconds", "service_time", "variance", "recommendation_model",
            "logs_file_exists", "last_recommendation_model_training"})
    record Totara(
            @JsonProperty("url") String url,
            @JsonProperty("totara_ip") String ip,
            @JsonProperty("elapsed_seconds") Double elapsedSeconds,
            @JsonProperty("service_time") long serviceTime,
            @JsonProperty("variance") Long variance,
            @JsonProperty("recommendation_model") String model,
            @JsonProperty("logs_file_exists") String logsFileExists,
            @JsonProperty("last_recommendation_model_training") String lastTraining) {
    }
}
