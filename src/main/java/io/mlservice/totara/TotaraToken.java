package io.mlservice.totara;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The signature Totara and its ML service put on every request, both ways: {@code X-Totara-Time} (unix seconds)
 * and {@code X-Totara-Ml-Key} = lowercase hex sha256 of the time header's text followed by the shared key. Not an
 * HMAC; kept because Totara speaks it.
 */
public final class TotaraToken {
    public static final String TIME_HEADER = "X-Totara-Time";
    public static final String KEY_HEADER = "X-Totara-Ml-Key";
    public static final String USER_AGENT = "TotaraBot/1.0";
    public static final String USER_AGENT_HEADER = "User-Agent";
    /** Accepted clock difference, seconds: |now − time| must be below it. */
    public static final long WINDOW_SECONDS = 30;

    /** Why a request's signature was accepted or not. */
    public enum Verdict {
        VALID,
        /** Headers missing, malformed time, or a digest that does not match. */
        INVALID,
        /** The digest matches but the time is 30 s or more away from ours. */
        CLOCK_SKEW
    }

    private TotaraToken() {
    }

    /**
     * Every header of a request signed with {@code key} at {@code epochSeconds}, in the order Totara's client sends
     * them: user agent, time, key digest. Every signed request (the client, the connection test, the console's curl
     * command, the API benchmark) takes its headers from here.
     */
    public static Map<String, String> signedHeaders(String key, long epochSeconds) {
        String time = Long.toString(epochSeconds);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(USER_AGENT_HEADER, USER_AGENT);
        headers.put(TIME_HEADER, time);
        headers.put(KEY_HEADER, sign(time, key));
        return Collections.unmodifiableMap(headers);
    }

    /** {@link #signedHeaders(String, long)} for the current second of {@code clock}. */
    public static Map<String, String> signedHeaders(String key, Clock clock) {
        return signedHeaders(key, clock.instant().getEpochSecond());
    }

    /** The key header's value for this time text and key. */
    public static String sign(String timeText, String key) {
        return HexFormat.of().formatHex(digest(timeText, key));
    }

    /**
     * Checks a request's two headers against the key at {@code nowSeconds}. The digest is compared in constant
     * time; the time must be an integer.
     */
    public static Verdict verify(String timeText, String keyHeader, String key, long nowSeconds) {
        if (timeText == null || keyHeader == null || key == null) {
            return Verdict.INVALID;
        }
        long time;
        try {
            time = Long.parseLong(timeText.trim());
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
        byte[] expected = digest(timeText, key);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(keyHeader.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.INVALID;
        }
        return Math.abs(nowSeconds - time) < WINDOW_SECONDS ? Verdict.VALID : Verdict.CLOCK_SKEW;
    }

    private static byte[] digest(String timeText, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(timeText.getBytes(StandardCharsets.UTF_8));
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
