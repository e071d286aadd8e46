package io.mlservice.diagnostics;

import io.mlservice.config.BindAddress;
import io.mlservice.config.Secret;
import io.mlservice.totara.TotaraClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's "test connection": whether this service and a Totara site reach each other with a key, both ways,
 * checked the way each side really talks (Totara's status query and a signed export download one way, a signed
 * {@code /health-check} the other), every failure worded for the administrator who has to fix it. Nothing it says
 * contains the key. Blocking (a few HTTP round trips, each bounded by the timeout): call it off the JavaFX thread.
 */
public final class ConnectionCheck {

    /** Which way a finding is about. */
    public enum Direction {
        /** This service asking Totara (status, export). */
        TO_TOTARA,
        /** Totara asking this service (the signed health check). */
        TO_SERVICE
    }

    /** How a finding should be shown. */
    public enum Level { OK, WARNING, PROBLEM }

    /** What was found; each kind belongs to one direction. */
    public enum Kind {
        TOTARA_READY(Direction.TO_TOTARA, Level.OK),
        EXPORT_NOT_READY(Direction.TO_TOTARA, Level.WARNING),
        BAD_URL(Direction.TO_TOTARA, Level.PROBLEM),
        TRUST_STORE(Direction.TO_TOTARA, Level.PROBLEM),
        UNKNOWN_HOST(Direction.TO_TOTARA, Level.PROBLEM),
        UNREACHABLE(Direction.TO_TOTARA, Level.PROBLEM),
        TIMED_OUT(Direction.TO_TOTARA, Level.PROBLEM),
        TLS(Direction.TO_TOTARA, Level.PROBLEM),
        NOT_FOUND(Direction.TO_TOTARA, Level.PROBLEM),
        NOT_TOTARA(Direction.TO_TOTARA, Level.PROBLEM),
        WRONG_KEY(Direction.TO_TOTARA, Level.PROBLEM),
        CLOCK_SKEW(Direction.TO_TOTARA, Level.PROBLEM),
        SERVICE_ANSWERS(Direction.TO_SERVICE, Level.OK),
        KEY_NOT_IN_USE_YET(Direction.TO_SERVICE, Level.WARNING),
        LOOPBACK_ONLY(Direction.TO_SERVICE, Level.WARNING),
        SERVICE_NOT_RUNNING(Direction.TO_SERVICE, Level.PROBLEM),
        SERVICE_REFUSED_KEY(Direction.TO_SERVICE, Level.PROBLEM),
        SERVICE_CLOCK_SKEW(Direction.TO_SERVICE, Level.PROBLEM),
        SERVICE_UNREACHABLE(Direction.TO_SERVICE, Level.PROBLEM);

        private final Direction direction;
        private final Level level;

        Kind(Direction direction, Level level) {
            this.direction = direction;
            this.level = level;
        }

        public Direction direction() {
            return direction;
        }

        public Level level() {
            return level;
        }
    }

    /** One thing found, in words for the administrator. */
    public record Finding(Kind kind, String text) {
        public Direction direction() {
            return kind.direction();
        }

        public Level level() {
            return kind.level();
        }
    }

    /** Everything found, this service → Totara first. */
    public record Report(List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }

        /** No finding is a problem (warnings allowed). */
        public boolean passed() {
            return findings.stream().noneMatch(f -> f.level() == Level.PROBLEM);
        }

        public List<Finding> towards(Direction direction) {
            return findings.stream().filter(f -> f.direction() == direction).toList();
        }

        public boolean has(Kind kind) {
            return findings.stream().anyMatch(f -> f.kind() == kind);
        }
    }

    /**
     * The Totara side to test.
     *
     * @param totaraUrl          Totara's web root as typed
     * @param key                the shared key to test
     * @param trustStore         the trust store the service would use, or null for the system's authorities
     * @param trustStorePassword its password, or null
     */
    public record Target(URI totaraUrl, Secret key, Path trustStore, Secret trustStorePassword) {
    }

    /**
     * The running service as Totara would reach it.
     *
     * @param baseUri  where it answers on this computer, e.g. {@code http://127.0.0.1:5000/}
     * @param bind     the address it listens on (with the port it actually listens on)
     * @param keyInUse the key it checks signatures with now
     */
    public record ServiceEndpoint(URI baseUri, BindAddress bind, Secret keyInUse) {
    }

    private final Clock clock;
    private final TotaraProbe totara;
    private final ServiceProbe service;

    /**
     * @param clock   signs the requests and is compared with Totara's
     * @param timeout how long to wait for Totara's answers
     */
    public ConnectionCheck(Clock clock, Duration timeout) {
        this.clock = clock;
        this.totara = new TotaraProbe(clock, timeout);
        this.service = new ServiceProbe();
    }

    /** With the timeout the service itself uses for Totara's status. */
    public ConnectionCheck(Clock clock) {
        this(clock, TotaraClient.DEFAULT_TIMEOUT);
    }

    /**
     * Tests both directions: this service → Totara, then Totara → this service (signed with Totara's time when
     * Totara told it, so a clock difference shows the way Totara would meet it).
     *
     * @param endpoint the running service, or null when it is not running
     */
    public Report run(Target target, ServiceEndpoint endpoint) throws InterruptedException {
        List<Finding> findings = new ArrayList<>();
        TotaraProbe.TotaraSide totaraSide = towardsTotara(target);
        findings.add(totaraSide.finding());
        Clock totaraClock = totaraSide.totaraAhead() == null ? clock
                : Clock.offset(clock, totaraSide.totaraAhead());
        findings.addAll(service.check(endpoint, target.key(), totaraClock));
        return new Report(findings);
    }

    /** This service → Totara only. */
    TotaraProbe.TotaraSide towardsTotara(Target target) throws InterruptedException {
        return totara.check(target);
    }
}
