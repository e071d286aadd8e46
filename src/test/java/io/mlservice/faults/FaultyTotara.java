package io.mlservice.faults;

import io.mlservice.totara.FakeTotara;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Totara as it fails in the field, on 127.0.0.1: a proxy in front of a {@link FakeTotara} that answers normally
 * until a {@link Fault} is injected, at one address for the whole test (so that a model trained from it belongs to
 * the same source as the cycle that meets the fault). Every answer closes its connection, so a fault injected
 * between two requests applies to the second.
 */
final class FaultyTotara implements AutoCloseable {
    /** How Totara misbehaves from now on. */
    enum Fault {
        /** Passes every request to the fake Totara and its answer back. */
        NONE,
        /** Accepts the connection, reads the request and never answers (status checks and downloads alike). */
        HANG,
        /** Answers correctly but sends the answer {@link #SLOW_CHUNK} bytes at a time, {@link #SLOW_PAUSE_MS} apart. */
        SLOW,
        /** Sends an export file's headers with its full Content-Length, then half the body, then closes. */
        TRUNCATE,
        /** Answers every export file with 200 and a web server's HTML error page instead of CSV. */
        GARBAGE
    }

    static final int SLOW_CHUNK = 512;
    static final long SLOW_PAUSE_MS = 50;
    static final String ERROR_PAGE = "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Database "
            + "connection failed</h1><p>Sorry, the site is temporarily unavailable.</p></body></html>";

    private final FakeTotara totara;
    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-totara");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> held = new ArrayList<>();
    private volatile Fault fault = Fault.NONE;

    FaultyTotara(FakeTotara totara) throws IOException {
        this.totara = totara;
        this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptAll);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    FakeTotara totara() {
        return totara;
    }

    void inject(Fault next) {
        fault = next;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
        connections.shutdownNow();
        try {
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        totara.close();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Fault now = fault;
        try {
            Request request = Request.read(client.getInputStream());
            if (now == Fault.HANG) {
                synchronized (held) {
                    held.add(client);
                }
                return;
            }
            try (client) {
                byte[] answer = forward(request);
                OutputStream out = client.getOutputStream();
                boolean exportFile = request.path().contains("/ml_recommender/export/");
                switch (now) {
                    case SLOW -> slowly(answer, out);
                    case TRUNCATE -> out.write(exportFile ? truncated(answer) : answer);
                    case GARBAGE -> out.write(exportFile ? errorPage() : answer);
                    default -> out.write(answer);
                }
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Sends the request to the fake Totara with {@code Connection: close} and reads its whole answer. */
    private byte[] forward(Request request) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), totara.url().getPort())) {
            OutputStream out = upstream.getOutputStream();
            out.write(request.headWithConnectionClose().getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.body());
            out.flush();
            return upstream.getInputStream().readAllBytes();
        }
    }

    /** Writes the answer a chunk per tick of a timer, and returns when the last chunk is out or the client left. */
    private static void slowly(byte[] answer, OutputStream out) throws IOException {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        AtomicInteger from = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
            int start = from.getAndAdd(SLOW_CHUNK);
            try {
                out.write(answer, start, Math.min(SLOW_CHUNK, answer.length - start));
                out.flush();
            } catch (IOException e) {
                sent.completeExceptionally(e);
            }
            if (start + SLOW_CHUNK >= answer.length) {
                sent.complete(null);
            }
        }, 0, SLOW_PAUSE_MS, TimeUnit.MILLISECONDS);
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pacer.shutdownNow();
        }
    }

    /** The head as it was (with the full Content-Length) and the first half of the body. */
    private static byte[] truncated(byte[] answer) {
        int bodyStart = indexOfBody(answer);
        int bodyLength = answer.length - bodyStart;
        if (bodyStart < 0 || bodyLength < 2) {
            return answer;
        }
        byte[] cut = new byte[bodyStart + bodyLength / 2];
        System.arraycopy(answer, 0, cut, 0, cut.length);
        return cut;
    }

    private static byte[] errorPage() {
        byte[] body = ERROR_PAGE.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static int indexOfBody(byte[] answer) {
        for (int i = 3; i < answer.length; i++) {
            if (answer[i - 3] == '\r' && answer[i - 2] == '\n' && answer[i - 1] == '\r' && answer[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    /** One HTTP/1.1 request as it arrived: its head and a body of Content-Length bytes. */
    private record Request(String head, byte[] body) {
        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            // The last four bytes read, to see the blank line that ends the head.
            for (int tail = 0; tail != 0x0D0A0D0A; ) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed inside the request head");
                }
                head.write(b);
                tail = (tail << 8) | b;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            return new Request(text, in.readNBytes(contentLength(text)));
        }

        String path() {
            return head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
        }

        String headWithConnectionClose() {
            StringBuilder out = new StringBuilder();
            for (String line : head.split("\r\n")) {
                if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    out.append(line).append("\r\n");
                }
            }
            return out.append("Connection: close\r\n\r\n").toString();
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            return 0;
        }
    }
}
