package io.mlservice.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-minute traffic of the authenticated API: requests, errors, cold starts and latency percentiles per endpoint.
 * Recording takes no lock and allocates nothing except once per minute, when the first request of a new minute
 * opens its bucket.
 *
 * <p>What is recorded: the three signed endpoints ({@link #USER_ITEMS}, {@link #SIMILAR_ITEMS},
 * {@link #HEALTH_CHECK}); under {@link #UNAUTHORISED}, every request refused by the signature check whatever its
 * path; under {@link #OVERLOADED}, every signed request turned away with 503 because too many were already being
 * answered. The home page, the icon and unknown paths are not recorded. An error is any answer other than HTTP 200,
 * and any {@code success: false} answer: both make Totara fall back to its cache.
 *
 * <p>Refused and turned-away requests are not logged one by one (a client retrying hundreds of times a second would
 * roll the log away): each drained minute that had any is logged as one summary line, with the first one's reason.
 *
 * <p>Minutes live in a ring of {@value #RING_MINUTES} slots; a minute not drained within that time is overwritten.
 */
public final class ApiMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ApiMetrics.class);
    public static final String USER_ITEMS = "/user-items";
    public static final String SIMILAR_ITEMS = "/similar-items";
    public static final String HEALTH_CHECK = "/health-check";
    public static final String UNAUTHORISED = "unauthorised";
    public static final String OVERLOADED = "overloaded";
    /** Every endpoint, in the order statistics are listed. */
    public static final List<String> ENDPOINTS = List.of(USER_ITEMS, SIMILAR_ITEMS, HEALTH_CHECK, UNAUTHORISED,
            OVERLOADED);
    /** The counts of requests that were refused rather than answered. */
    public static final List<String> REFUSALS = List.of(UNAUTHORISED, OVERLOADED);

    static final int RING_MINUTES = 64;
    /** Minutes {@link #live} shows, the running one included. */
    static final int LIVE_MINUTES = 5;
    /** A request that began just before the minute ended may still be recording into it for a moment. */
    private static final long COMPLETION_GRACE_MILLIS = 2_000;
    private static final long MINUTE_MILLIS = 60_000;

    /**
     * The last few minutes for a dashboard, oldest first, the running minute last; every endpoint appears in every
     * minute, with zeros when it had no traffic.
     */
    public record Live(Instant at, List<MinuteStats> minutes) {
        public Live {
            minutes = List.copyOf(minutes);
        }

        /** One endpoint's minutes, oldest first. */
        public List<MinuteStats> of(String endpoint) {
            return minutes.stream().filter(m -> m.endpoint().equals(endpoint)).toList();
        }
    }

    private final Clock clock;
    private final RequestObserver observer;
    private final AtomicReferenceArray<Minute> ring = new AtomicReferenceArray<>(RING_MINUTES);

    public ApiMetrics(Clock clock) {
        this(clock, RequestObserver.NONE);
    }

    /** Counts per minute and tells {@code observer} of every request as it is counted. */
    public ApiMetrics(Clock clock, RequestObserver observer) {
        this.clock = clock;
        this.observer = observer;
    }

    /** Records one answer; an error when the status is not 200. */
    public void record(String endpoint, int status, long nanos, boolean coldStart) {
        record(endpoint, status, status == 200, nanos, coldStart);
    }

    /**
     * Records one answer.
     *
     * @param success false for a {@code success: false} answer (counted as an error even with HTTP 200)
     * @param nanos   how long the answer took
     */
    public void record(String endpoint, int status, boolean success, long nanos, boolean coldStart) {
        count(endpoint, status, success, nanos, coldStart);
        observer.answered(endpoint, status, success, nanos, coldStart);
    }

    private void count(String endpoint, int status, boolean success, long nanos, boolean coldStart) {
        int e = endpointIndex(endpoint);
        Minute minute = minute(clock.millis() / MINUTE_MILLIS);
        if (minute == null) {
            return;
        }
        Counters c = minute.counters[e];
        c.latency.record(nanos);
        if (status != 200 || !success) {
            c.errors.incrementAndGet();
        }
        if (coldStart) {
            c.coldStarts.incrementAndGet();
        }
    }

    /**
     * Records a request refused by the signature check ({@link #UNAUTHORISED}) or turned away because too many
     * were in flight ({@link #OVERLOADED}); the first of each kind in a minute keeps its {@code reason} for the
     * minute's log line.
     *
     * @param path the path asked for, as the client sent it
     */
    public void refused(String endpoint, String path, int status, long nanos, String reason) {
        count(endpoint, status, false, nanos, false);
        observer.refused(endpoint, path, status, nanos);
        Minute minute = minute(clock.millis() / MINUTE_MILLIS);
        if (minute != null) {
            minute.firstReasons.get(endpointIndex(endpoint)).compareAndSet(null, reason);
        }
    }

    /**
     * The minutes that have ended (and are not already drained), each endpoint with traffic once, oldest first;
     * each minute is returned by one call only. A minute counts as ended two seconds after its last instant, so
     * that requests still finishing in it are included.
     */
    public List<MinuteStats> drainCompletedMinutes(Instant now) {
        long complete = (now.toEpochMilli() - COMPLETION_GRACE_MILLIS) / MINUTE_MILLIS;
        List<Minute> done = new ArrayList<>();
        for (int s = 0; s < RING_MINUTES; s++) {
            Minute m = ring.get(s);
            if (m != null && m.epochMinute < complete && m.drained.compareAndSet(false, true)) {
                done.add(m);
            }
        }
        done.sort(Comparator.comparingLong(m -> m.epochMinute));
        List<MinuteStats> out = new ArrayList<>();
        for (Minute m : done) {
            for (int e = 0; e < ENDPOINTS.size(); e++) {
                if (m.counters[e].latency.count() > 0) {
                    out.add(m.stats(e));
                }
            }
            logRefusals(m);
        }
        return out;
    }

    /** The last {@value #LIVE_MINUTES} minutes up to and including the one {@code now} falls in. */
    public Live live(Instant now) {
        long current = now.toEpochMilli() / MINUTE_MILLIS;
        List<MinuteStats> out = new ArrayList<>();
        for (long minute = current - LIVE_MINUTES + 1; minute <= current; minute++) {
            Minute m = ring.get(slot(minute));
            for (int e = 0; e < ENDPOINTS.size(); e++) {
                out.add(m != null && m.epochMinute == minute ? m.stats(e) : empty(minute, e));
            }
        }
        return new Live(now, out);
    }

    private static void logRefusals(Minute m) {
        for (String endpoint : REFUSALS) {
            int e = endpointIndex(endpoint);
            long count = m.counters[e].latency.count();
            if (count > 0) {
                LOG.warn("{} request(s) {} in the minute from {} (the first {})", count,
                        endpoint.equals(OVERLOADED) ? "turned away with 503 (too many at once)" : "refused with 401",
                        Instant.ofEpochMilli(m.epochMinute * MINUTE_MILLIS), m.firstReasons.get(e).get());
            }
        }
    }

    /** The minute's bucket, opened if needed; null for a minute older than the one its slot now holds. */
    private Minute minute(long epochMinute) {
        int slot = slot(epochMinute);
        Minute current = ring.get(slot);
        while (current == null || current.epochMinute != epochMinute) {
            if (current != null && current.epochMinute > epochMinute) {
                return null;
            }
            Minute opened = new Minute(epochMinute);
            if (ring.compareAndSet(slot, current, opened)) {
                return opened;
            }
            current = ring.get(slot);
        }
        return current;
    }

    private static int slot(long epochMinute) {
        return (int) Math.floorMod(epochMinute, (long) RING_MINUTES);
    }

    private static int endpointIndex(String endpoint) {
        return switch (endpoint) {
            case USER_ITEMS -> 0;
            case SIMILAR_ITEMS -> 1;
            case HEALTH_CHECK -> 2;
            case UNAUTHORISED -> 3;
            case OVERLOADED -> 4;
            default -> throw new IllegalArgumentException("unknown endpoint '" + endpoint + "', expected one of "
                    + ENDPOINTS);
        };
    }

    private static MinuteStats empty(long epochMinute, int endpoint) {
        return new MinuteStats(Instant.ofEpochMilli(epochMinute * MINUTE_MILLIS), ENDPOINTS.get(endpoint), 0, 0, 0,
                0, 0, 0);
    }

    /** One minute of every endpoint's counters. */
    private static final class Minute {
        final long epochMinute;
        final Counters[] counters = new Counters[ENDPOINTS.size()];
        final List<AtomicReference<String>> firstReasons = new ArrayList<>();
        final AtomicBoolean drained = new AtomicBoolean();

        Minute(long epochMinute) {
            this.epochMinute = epochMinute;
            for (int e = 0; e < counters.length; e++) {
                counters[e] = new Counters();
                firstReasons.add(new AtomicReference<>());
            }
        }

        MinuteStats stats(int endpoint) {
            Counters c = counters[endpoint];
            return new MinuteStats(Instant.ofEpochMilli(epochMinute * MINUTE_MILLIS), ENDPOINTS.get(endpoint),
                    c.latency.count(), c.errors.get(), c.coldStarts.get(), millis(c.latency.percentileNanos(0.50)),
                    millis(c.latency.percentileNanos(0.99)), millis(c.latency.maxNanos()));
        }

        private static double millis(long nanos) {
            return nanos / 1e6;
        }
    }

    /** One endpoint's counters within a minute. */
    private static final class Counters {
        final LatencyHistogram latency = new LatencyHistogram();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong coldStarts = new AtomicLong();
    }
}
