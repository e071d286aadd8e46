package io.mlservice.console.preview;

import io.mlservice.totara.TotaraToken;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code curl} command that sends a request as Totara does: its user agent and the two signature headers of
 * {@link TotaraToken}. The command holds the time and the digest derived from the key, never the key; the service
 * accepts it for {@link TotaraToken#WINDOW_SECONDS} seconds after {@code epochSeconds}. Double quotes only, so the
 * same text runs in a Unix shell and in the Windows command prompt.
 */
final class SignedCurl {
    private SignedCurl() {
    }

    /**
     * @param base  the service's base address, e.g. {@code http://127.0.0.1:5000/}
     * @param path  e.g. {@code /user-items}
     * @param query parameter names to values, in the order sent
     */
    static String command(URI base, String path, Map<String, String> query, String key, long epochSeconds) {
        String parameters = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = base.resolve(path.startsWith("/") ? path.substring(1) : path);
        String headers = TotaraToken.signedHeaders(key, epochSeconds).entrySet().stream()
                .map(h -> h.getKey().equals(TotaraToken.USER_AGENT_HEADER) ? " -A \"" + h.getValue() + "\""
                        : " -H \"" + h.getKey() + ": " + h.getValue() + "\"")
                .collect(Collectors.joining());
        return "curl -sS" + headers + " \"" + uri + (parameters.isEmpty() ? "" : "?" + parameters) + "\"";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
