package io.mlservice.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlservice.totara.TotaraToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the service as Totara does: signed headers, Totara's user agent, its 2 s budget. */
public final class SignedClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final URI base;
    private final String key;

    public SignedClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Answer get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest.Builder signed = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(2));
        TotaraToken.signedHeaders(key, System.currentTimeMillis() / 1000).forEach(signed::header);
        HttpRequest request = signed.GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
