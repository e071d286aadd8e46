package io.mlservice.console.desktop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One console per settings folder. The first holds a lock on a file there and listens on a loopback port written in
 * it, with a random token; a second start finds the lock taken, asks the first to bring its window forward, and
 * ends. The lock goes with the process, so a crash never leaves a stale guard.
 */
public final class SingleInstance implements AutoCloseable {
    private static final int TOKEN_BYTES = 16;
    private static final String SHOW = "show";

    private final FileChannel channel;
    private final FileLock lock;
    private final ServerSocket server;
    private final String token;
    private final Thread listener;

    private SingleInstance(FileChannel channel, FileLock lock, ServerSocket server, String token,
                           Runnable onShowRequest) {
        this.channel = channel;
        this.lock = lock;
        this.server = server;
        this.token = token;
        this.listener = new Thread(() -> listen(onShowRequest), "console-single-instance");
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * Becomes the one console for this lock file, or asks the running one to show itself.
     *
     * @param onShowRequest called (on a background thread) when another start asks this console to show itself
     * @return the guard to close on quit; empty when another console runs (it has been asked to show itself)
     */
    public static Optional<SingleInstance> acquire(Path lockFile, Runnable onShowRequest) throws IOException {
        Files.createDirectories(lockFile.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            askToShow(lockFile);
            return Optional.empty();
        }
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        byte[] random = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((server.getLocalPort() + " " + token + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
        return Optional.of(new SingleInstance(channel, lock, server, token, onShowRequest));
    }

    /** Tells the console holding the lock to show its window; quietly does nothing when it cannot be reached. */
    static void askToShow(Path lockFile) {
        try {
            String[] parts = Files.readString(lockFile, StandardCharsets.US_ASCII).trim().split(" ");
            if (parts.length != 2) {
                return;
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[0]))) {
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                out.write((parts[1] + " " + SHOW + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.getInputStream().read();
            }
        } catch (IOException | NumberFormatException e) {
            // the other console is starting or stopping; it will be in front either way
        }
    }

    private void listen(Runnable onShowRequest) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                String line = readLine(s.getInputStream());
                if (line.equals(token + " " + SHOW)) {
                    onShowRequest.run();
                }
                s.getOutputStream().write('\n');
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n' && line.length() < 200; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            server.close();
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the operating system releases what is left
        }
    }
}
