package io.mlservice.bench;

/** One measurement: sorted latencies of the successful answers, the count of failed ones, and how long it ran. */
record LoadRun(long[] latencies, long failed, long nanos) {
    double perSecond() {
        return latencies.length * 1e9 / nanos;
    }

    double percentileMillis(double q) {
        if (latencies.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * latencies.length);
        return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
    }
}
