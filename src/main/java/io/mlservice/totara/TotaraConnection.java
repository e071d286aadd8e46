package io.mlservice.totara;

import io.mlservice.config.Secret;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * What every request to one Totara shares: its web root, one HTTP client built once (HTTP/1.1, no redirects,
 * certificates verified against the JVM's authorities or the trust store only), the request timeout, and signed
 * requests ({@link TotaraToken#signedHeaders}).
 */
final class TotaraConnection {
    private final URI webRoot;
    private final Secret key;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClient http;

    /** See {@link TotaraClient#TotaraClient}; the arguments are checked in that order. */
    TotaraConnection(URI totaraUrl, Secret key, Path trustStore, Secret trustStorePassword,
                     Duration requestTimeout, Clock clock) throws IOException {
        this.webRoot = webRoot(totaraUrl);
        this.key = requireNonNull(key, "key");
        this.requestTimeout = requirePositive(requestTimeout);
        this.clock = requireNonNull(clock, "clock");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(requestTimeout);
        if (trustStore != null) {
            builder.sslContext(TrustStore.trusting(trustStore, trustStorePassword));
        }
        this.http = builder.build();
    }

    /** Totara's web root, without a trailing slash. */
    URI webRoot() {
        return webRoot;
    }

    /** The address of a path under the web root. */
    URI at(String path) {
        return URI.create(webRoot + path);
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** A request carrying the signature of now and the request timeout. */
    /** The one HTTP client every request of this connection goes through. */
    HttpClient http() {
        return http;
    }

    HttpRequest.Builder signed(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        TotaraToken.signedHeaders(key.reveal(), clock).forEach(request::header);
        return request;
    }

    <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        return http.sendAsync(request, body);
    }

    /** A URL as it may appear in messages: without user information, which could hold a password. */
    static String display(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }

    private static URI webRoot(URI url) {
        requireNonNull(url, "totaraUrl");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("The Totara URL must look like https://totara.example.org, not \""
                    + display(url) + "\"");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static Duration requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    private static <T> T requireNonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
