package io.mlservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlservice.config.ServiceSettings;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.totara.TotaraToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** A started {@link ApiServer} on a free loopback port and a real HTTP client that signs like Totara. */
final class RunningApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final AtomicReference<ServiceSettings> settings;
    final ModelRegistry registry;
    final ApiMetrics metrics = new ApiMetrics(Clock.systemUTC());
    final ApiServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RunningApi(ModelRegistry registry, ServiceStatus status) {
        this(TestSettings.defaults(), registry, status);
    }

    RunningApi(ServiceSettings initial, ModelRegistry registry, ServiceStatus status) {
        this.settings = new AtomicReference<>(initial);
        this.registry = registry;
        this.server = new ApiServer(settings::get, registry, status, metrics, Clock.systemUTC());
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tenant-0 model and a folder-trained service. */
    static RunningApi serving() {
        return new RunningApi(ServedTenant.registry(), FixedServiceStatus.folder());
    }

    /** A GET signed with the right key and time and Totara's User-Agent. */
    HttpResponse<String> signedGet(String pathAndQuery) {
        return send(signed(pathAndQuery).build());
    }

    /** The signed GET's body as JSON, after checking it is a 200 JSON answer. */
    JsonNode signedJson(String pathAndQuery) {
        HttpResponse<String> response = signedGet(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200 for " + pathAndQuery + ", got " + response.statusCode() + ": "
                    + response.body());
        }
        return json(response);
    }

    HttpRequest.Builder signed(String pathAndQuery) {
        HttpRequest.Builder signed = request(pathAndQuery);
        TotaraToken.signedHeaders(TestSettings.KEY, System.currentTimeMillis() / 1000).forEach(signed::header);
        return signed;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    URI uri(String pathAndQuery) {
        return server.baseUri().resolve(pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
