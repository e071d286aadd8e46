package io.mlservice.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One client: its own HTTP/1.1 keep-alive connection, sending one request after the other. It speaks HTTP over
 * a plain socket, as load generators do, so that the cores clients and server share go to the server.
 */
final class LoadClient {
    private static final byte[] SUCCESS = "{\"success\":true".getBytes(StandardCharsets.US_ASCII);

    private final SignedQueries queries;
    private final Endpoint endpoint;
    private final SplittableRandom random;
    private long[] latencies = new long[1 << 14];
    private int count;
    private long failed;
    private Socket socket;
    private OutputStream toServer;
    private InputStream fromServer;

    LoadClient(SignedQueries queries, Endpoint endpoint, SplittableRandom random) {
        this.queries = queries;
        this.endpoint = endpoint;
        this.random = random;
    }

    /** Sends until {@code end}; answers to requests sent before {@code from} are not counted. */
    void run(long from, long end) throws IOException {
        try {
            for (long sent = System.nanoTime(); sent < end; sent = System.nanoTime()) {
                boolean warming = sent < from;
                // Warming up covers both endpoints, so that neither is measured while the other's code
                // compiles.
                Endpoint asking = warming && random.nextBoolean() ? endpoint.other() : endpoint;
                boolean ok = exchange(queries.next(asking, random));
                long took = System.nanoTime() - sent;
                if (warming) {
                    continue;
                }
                if (ok) {
                    add(took);
                } else {
                    failed++;
                }
            }
        } finally {
            disconnect();
        }
    }

    /**
     * Sends each request when it is due ({@code first}, then every {@code period}) until {@code end}; after a
     * late answer the schedule restarts from now rather than catching up in a burst, so the achieved rate shows
     * a shortfall. A failed exchange counts as an error and the next request reconnects.
     */
    void runPaced(long first, long period, long end, IntervalLatencies answers) throws IOException {
        try {
            for (long due = first; due < end; due = Math.max(due + period, System.nanoTime())) {
                parkUntil(due);
                long sent = System.nanoTime();
                boolean ok;
                try {
                    ok = exchange(queries.next(endpoint, random));
                } catch (IOException e) {
                    ok = false;
                    disconnect();
                }
                long took = System.nanoTime() - sent;
                if (ok) {
                    answers.answered(took);
                } else {
                    answers.failed();
                }
            }
        } finally {
            disconnect();
        }
    }

    /** One request and its answer; true for a 200 whose body starts {@code {"success":true}. */
    private boolean exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket(queries.base.getHost(), queries.base.getPort());
            socket.setTcpNoDelay(true);
            toServer = socket.getOutputStream();
            fromServer = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }
        toServer.write(request);
        toServer.flush();
        String status = line();
        int length = -1;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("the server answered without a Content-Length: " + status);
        }
        byte[] body = fromServer.readNBytes(length);
        if (close) {
            disconnect();
        }
        return status.startsWith("HTTP/1.1 200") && Arrays.equals(body, 0, Math.min(body.length,
                SUCCESS.length), SUCCESS, 0, SUCCESS.length);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = fromServer.read(); c != '\n'; c = fromServer.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void disconnect() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    private void add(long nanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos;
    }

    /** The clients' answers together: all latencies sorted, failures summed, over {@code nanos}. */
    static LoadRun merge(List<LoadClient> clients, long nanos) {
        long[] all = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
        return new LoadRun(all, clients.stream().mapToLong(c -> c.failed).sum(), nanos);
    }

    /** Waits until {@link System#nanoTime()} reaches {@code nanoTime}. */
    static void parkUntil(long nanoTime) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
