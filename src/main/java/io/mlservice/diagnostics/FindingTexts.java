package io.mlservice.diagnostics;

import io.mlservice.config.BindAddress;
import io.mlservice.config.Setting;
import io.mlservice.diagnostics.ConnectionCheck.Finding;
import io.mlservice.diagnostics.ConnectionCheck.Kind;
import io.mlservice.totara.TotaraToken;

import java.net.URI;
import java.time.Duration;

/**
 * What the connection test tells the administrator, finding by finding: what was found and what to do about it. The
 * probes decide which finding applies; the words live here, so rewording one touches nothing that decides.
 */
final class FindingTexts {
    private static final String TRY_LATER = ": the site has a problem right now; try again later.";

    private FindingTexts() {
    }

    // This service → Totara

    static Finding badUrl(URI typed) {
        return new Finding(Kind.BAD_URL, "\"" + shown(typed) + "\" is not a web address Totara can have: use its web "
                + "root, e.g. https://lms.example.org");
    }

    static Finding trustStore(String problem) {
        return new Finding(Kind.TRUST_STORE, problem);
    }

    static Finding unknownHost(URI url) {
        return new Finding(Kind.UNKNOWN_HOST, "The name " + url.getHost() + " cannot be found (DNS): check the "
                + "spelling of the Totara URL, and that this computer can look up names on your network.");
    }

    static Finding refused(URI url) {
        return new Finding(Kind.UNREACHABLE, "Nothing answers at " + shown(url) + ": the connection was refused. "
                + "Check the URL (http or https, and the port), that Totara's web server is running, and that no "
                + "firewall blocks this computer.");
    }

    static Finding timedOut(URI url) {
        return new Finding(Kind.TIMED_OUT, "Totara at " + shown(url) + " did not answer in time: the host may be "
                + "down, or a firewall silently drops connections from this computer.");
    }

    static Finding tls(URI url, String reason) {
        return new Finding(Kind.TLS, "The secure connection to " + shown(url) + " failed (" + reason + "). If "
                + "Totara's certificate is not signed by a publicly trusted authority, set a trust store holding it "
                + "(advanced settings: trust store and its password).");
    }

    static Finding noStatusPage(URI url) {
        return new Finding(Kind.NOT_FOUND, shown(url) + " has no Totara status page (HTTP 404 Not Found): the URL "
                + "is not Totara's web root. Use the address of Totara's front page, e.g. https://lms.example.org, "
                + "without /login or /index.php.");
    }

    static Finding redirected(URI url, int code) {
        return new Finding(Kind.NOT_TOTARA, shown(url) + " redirects elsewhere (HTTP " + code + "): use the address "
                + "it redirects to, e.g. https:// instead of http://.");
    }

    static Finding statusAnsweredWith(URI url, int code) {
        return new Finding(Kind.NOT_TOTARA, "Totara at " + shown(url) + " answered its status query with HTTP "
                + code + (code >= 500 ? TRY_LATER : "."));
    }

    static Finding notTotara(URI url) {
        return new Finding(Kind.NOT_TOTARA, shown(url) + " answered, but not the way Totara answers its status "
                + "query: check that the URL is Totara's web root.");
    }

    static Finding ready(URI url, String what) {
        return new Finding(Kind.TOTARA_READY, "Totara at " + shown(url) + " accepted the key and its export is "
                + "ready (" + what + ").");
    }

    static Finding exportNotReady() {
        return new Finding(Kind.EXPORT_NOT_READY, "Totara accepted the key, but its export is not ready yet (HTTP "
                + "202: Totara is still writing it). The service keeps the current model and tries again within "
                + "minutes; check that Totara's scheduled task for the recommender export runs.");
    }

    static Finding clockSkew(Duration totaraAhead) {
        return new Finding(Kind.CLOCK_SKEW, "The clocks were not in sync: Totara's clock is "
                + difference(totaraAhead) + " this computer's. Totara refuses requests signed more than "
                + TotaraToken.WINDOW_SECONDS + " s away from its own time (and this service refuses Totara's the "
                + "same way). Set both computers to synchronise their clocks (NTP).");
    }

    /** @param clocksCompared whether Totara told its time (so the clocks are known to agree) */
    static Finding wrongKey(int code, boolean clocksCompared) {
        return new Finding(Kind.WRONG_KEY, "Totara refused the key (HTTP " + code + " for the signed export request"
                + (code == 404 ? ", which is how Totara answers a wrong key" : "") + "). The key must equal "
                + "$CFG->ml_service_key in Totara's config.php exactly"
                + (clocksCompared ? "" : ", and both computers' clocks must agree within "
                + TotaraToken.WINDOW_SECONDS + " s") + ".");
    }

    static Finding exportAnsweredWith(int code) {
        return new Finding(Kind.NOT_TOTARA, "Totara answered the export request with HTTP " + code
                + (code >= 500 ? TRY_LATER : "."));
    }

    static Finding exportFailed(String reason) {
        return new Finding(Kind.UNREACHABLE, "Totara answered its status query, but the export download failed: "
                + reason);
    }

    static Finding answerNotKept(String reason) {
        return new Finding(Kind.NOT_TOTARA, "The test could not keep Totara's answer: " + reason);
    }

    // Totara → this service

    static Finding serviceNotRunning() {
        return new Finding(Kind.SERVICE_NOT_RUNNING, "This service is not running, so Totara cannot reach it: "
                + "start it first.");
    }

    static Finding serviceClockSkew() {
        return new Finding(Kind.SERVICE_CLOCK_SKEW, "This service refused the signed health check: the clocks were "
                + "not in sync. Totara's requests would be refused the same way until both clocks agree within "
                + TotaraToken.WINDOW_SECONDS + " s.");
    }

    static Finding keyNotInUseYet(URI healthCheck) {
        return new Finding(Kind.KEY_NOT_IN_USE_YET, "This service answers at " + healthCheck + ", but it still "
                + "checks requests with its current key: save this key (Connect, or Apply in Settings) and Totara's "
                + "requests will be accepted.");
    }

    static Finding serviceRefusedKey() {
        return new Finding(Kind.SERVICE_REFUSED_KEY, "This service refused the signed health check with this key "
                + "(401 Invalid access).");
    }

    /** @param noModelYet whether the health check said no model is trained yet */
    static Finding serviceAnswers(URI healthCheck, boolean noModelYet) {
        return new Finding(Kind.SERVICE_ANSWERS, "This service answered Totara's signed health check at "
                + healthCheck + "." + (noModelYet
                ? " No model is trained yet: until one is, Totara shows its own lists." : ""));
    }

    static Finding serviceAnsweredWith(int code) {
        return new Finding(Kind.SERVICE_UNREACHABLE, "This service answered its health check with HTTP " + code
                + ".");
    }

    static Finding serviceUnreachable(URI healthCheck, String reason) {
        return new Finding(Kind.SERVICE_UNREACHABLE, "Nothing answers at " + healthCheck + ": " + reason);
    }

    static Finding loopbackOnly(BindAddress bind) {
        return new Finding(Kind.LOOPBACK_ONLY, "This service listens on " + bind + " only: Totara on another "
                + "computer cannot reach it. Unless Totara runs on this computer, set the listen address to every "
                + "interface (*) or to this computer's address on your private network.");
    }

    /**
     * "40 s ahead of", "about 5 min behind": Totara's {@code Date} header has whole seconds, so longer differences
     * are rounded to the minute.
     */
    static String difference(Duration totaraAhead) {
        long seconds = totaraAhead.abs().toSeconds();
        String size;
        if (seconds < 120) {
            size = seconds + " s";
        } else {
            long minutes = Math.round(seconds / 60.0);
            size = "about " + (minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min");
        }
        return size + (totaraAhead.isNegative() ? " behind" : " ahead of");
    }

    private static String shown(URI url) {
        return url == null ? "" : Setting.TOTARA_URL.shown(url.toString());
    }
}
