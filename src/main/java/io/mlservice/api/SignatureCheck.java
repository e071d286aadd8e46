package io.mlservice.api;

import io.mlservice.config.Secret;
import io.mlservice.config.ServiceSettings;
import io.mlservice.totara.TotaraToken;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Lets a request through only when it carries Totara's signature ({@link TotaraToken}) made with the configured
 * key, within the clock window, and (outside development mode) Totara's {@code User-Agent}. Anything else gets 401
 * {@code Invalid access}, plus {@code The clocks were not in sync} for a correct signature at the wrong time. The
 * answer never repeats a header; the log names the remote address and the reason, never a header's value.
 */
final class SignatureCheck extends Handler.Wrapper {
    private static final Answer INVALID = Answer.text(401, "Invalid access\n");
    private static final Answer CLOCK_SKEW = Answer.text(401, "Invalid access\nThe clocks were not in sync\n");

    /** Why a request was refused, for the log. */
    enum Refusal {
        NO_KEY("no shared key is configured"),
        MISSING_HEADERS("the X-Totara-Time or X-Totara-Ml-Key header is missing"),
        MALFORMED_TIME("X-Totara-Time is not a whole number of seconds"),
        WRONG_AGENT("the User-Agent is not " + TotaraToken.USER_AGENT + " (set ML_DEV=1 to accept any)"),
        WRONG_KEY("the signature does not match the shared key"),
        CLOCK_SKEW("the signature is right but the clocks differ by "
                + TotaraToken.WINDOW_SECONDS + " s or more");

        final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    private final Supplier<ServiceSettings> settings;
    private final ApiMetrics metrics;
    private final Clock clock;

    SignatureCheck(Handler routes, Supplier<ServiceSettings> settings, ApiMetrics metrics, Clock clock) {
        super(routes);
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Refusal refusal = refusal(request.getHeaders(), settings.get(), clock.millis() / 1000);
        if (refusal == null) {
            return super.handle(request, response, callback);
        }
        metrics.refused(ApiMetrics.UNAUTHORISED, request.getHttpURI().getPath(), 401,
                System.nanoTime() - request.getBeginNanoTime(),
                "from " + Request.getRemoteAddr(request) + ": " + refusal.reason);
        (refusal == Refusal.CLOCK_SKEW ? CLOCK_SKEW : INVALID).writeTo(request, response, callback);
        return true;
    }

    /** Null when the request may pass. */
    static Refusal refusal(HttpFields headers, ServiceSettings current, long nowSeconds) {
        Secret key = current.totaraKey();
        if (key == null) {
            return Refusal.NO_KEY;
        }
        String time = headers.get(TotaraToken.TIME_HEADER);
        String signature = headers.get(TotaraToken.KEY_HEADER);
        if (time == null || signature == null) {
            return Refusal.MISSING_HEADERS;
        }
        if (!wholeNumber(time.trim())) {
            return Refusal.MALFORMED_TIME;
        }
        if (!current.dev() && !TotaraToken.USER_AGENT.equals(headers.get(HttpHeader.USER_AGENT))) {
            return Refusal.WRONG_AGENT;
        }
        return switch (TotaraToken.verify(time, signature, key.reveal(), nowSeconds)) {
            case VALID -> null;
            case CLOCK_SKEW -> Refusal.CLOCK_SKEW;
            case INVALID -> Refusal.WRONG_KEY;
        };
    }

    private static boolean wholeNumber(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start || text.length() > 19) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
