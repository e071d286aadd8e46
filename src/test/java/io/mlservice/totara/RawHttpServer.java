package io.mlservice.totara;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A socket that answers one HTTP request with fixed bytes and then holds the connection open until closed: for the
 * answers Jetty will not give (a body that stops half-way, a chunked body without a length), or none at all.
 */
final class RawHttpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<String> request = new CompletableFuture<>();

    private RawHttpServer(byte[] answer, boolean accept) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (accept) {
            Thread thread = new Thread(() -> serve(answer), "raw-http");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Accepts one connection, reads the request head, writes {@code answer}, then stays silent. */
    static RawHttpServer answering(String answer) throws IOException {
        return new RawHttpServer(answer.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    /** Listens but never accepts: connections succeed (the backlog takes them) and no answer ever comes. */
    static RawHttpServer silent() throws IOException {
        return new RawHttpServer(new byte[0], false);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** The request head as received. */
    CompletableFuture<String> request() {
        return request;
    }

    @Override
    public void close() throws IOException {
        release.countDown();
        socket.close();
    }

    private void serve(byte[] answer) {
        try (Socket connection = socket.accept()) {
            request.complete(readHead(connection.getInputStream()));
            OutputStream out = connection.getOutputStream();
            out.write(answer);
            out.flush();
            release.await();
        } catch (IOException e) {
            request.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
