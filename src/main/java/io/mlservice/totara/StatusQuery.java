package io.mlservice.totara;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlservice.totara.TotaraStatus.Problem;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Totara's GraphQL status query ({@code totara_webapi_status_nosession}), signed: whether Totara is up, and what
 * its clock says. Failures are {@link TotaraStatus} problems worded the way Totara recognises, never exceptions.
 */
final class StatusQuery {
    static final String PATH = "/totara/webapi/ajax.php";
    static final String QUERY =
            "{\"operationName\":\"totara_webapi_status_nosession\",\"variables\":{},\"extensions\":{}}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TotaraConnection connection;

    StatusQuery(TotaraConnection connection) {
        this.connection = connection;
    }

    /** See {@link TotaraClient#status()}. */
    TotaraStatus status() {
        URI webRoot = connection.webRoot();
        String url = TotaraConnection.display(webRoot);
        String host = webRoot.getHost();
        String ip;
        try {
            ip = InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return new TotaraStatus(url, null, 0, new Problem(TotaraFailure.NAME_NOT_FOUND, 0, null,
                    "Unable to resolve the Totara instance hostname " + host));
        }
        long start = System.nanoTime();
        Problem problem = ask(url);
        return new TotaraStatus(url, ip, (System.nanoTime() - start) / 1e9, problem);
    }

    /** See {@link TotaraClient#serverTime()}. */
    Optional<Instant> serverTime() {
        CompletableFuture<HttpResponse<Void>> pending = connection.send(request(), BodyHandlers.discarding());
        try {
            return pending.get(timeoutNanos(), TimeUnit.NANOSECONDS).headers().firstValue("Date")
                    .map(StatusQuery::httpDate);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | DateTimeParseException e) {
            pending.cancel(true);
            return Optional.empty();
        }
    }

    private Problem ask(String url) {
        CompletableFuture<HttpResponse<String>> pending = connection.send(request(), BodyHandlers.ofString());
        try {
            return judge(pending.get(timeoutNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Problem(TotaraFailure.TIMED_OUT, 0, null, "Timed out trying to connect to Totara at " + url);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Problem(TotaraFailure.INTERRUPTED, 0, null, "Unable to communicate with Totara: interrupted");
        } catch (ExecutionException e) {
            return failure(FailureChain.rootOf(e), url);
        }
    }

    private HttpRequest request() {
        return connection.signed(connection.at(PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY))
                .build();
    }

    private long timeoutNanos() {
        return connection.requestTimeout().toNanos();
    }

    private static Problem judge(HttpResponse<String> response) {
        int code = response.statusCode();
        if (code != 200) {
            return new Problem(TotaraFailure.ofStatusAnswer(code), code, null,
                    "Unable to communicate with Totara: HTTP " + code);
        }
        try {
            JsonNode status = JSON.readTree(response.body()).path("data").path("totara_webapi_status").path("status");
            if ("ok".equals(status.textValue())) {
                return null;
            }
        } catch (JsonProcessingException e) {
            // An HTML login page or a proxy's error page: the same answer as a wrong JSON shape.
        }
        return new Problem(TotaraFailure.NOT_TOTARA, code, null,
                "Unable to communicate with Totara: unexpected answer");
    }

    private static Problem failure(Throwable failure, String url) {
        if (FailureChain.has(failure, HttpTimeoutException.class)) {
            return new Problem(TotaraFailure.TIMED_OUT, 0, null, "Timed out trying to connect to Totara at " + url);
        }
        if (FailureChain.has(failure, UnresolvedAddressException.class)
                || FailureChain.has(failure, UnknownHostException.class)) {
            return new Problem(TotaraFailure.NAME_NOT_FOUND, 0, null,
                    "Unable to resolve the Totara instance hostname " + URI.create(url).getHost());
        }
        if (FailureChain.has(failure, SSLException.class)) {
            String reason = FailureChain.messageOf(failure, SSLException.class);
            return new Problem(TotaraFailure.TLS, 0, reason,
                    "Unable to communicate with Totara: TLS failed (" + reason + ")");
        }
        if (FailureChain.has(failure, ConnectException.class)) {
            return new Problem(TotaraFailure.UNREACHABLE, 0, null, "Could not connect to Totara instance at " + url);
        }
        String reason = FailureChain.describe(failure);
        return new Problem(TotaraFailure.CONNECTION_FAILED, 0, reason, "Unable to communicate with Totara: " + reason);
    }

    private static Instant httpDate(String text) {
        return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
