package io.mlservice.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * HAProxy from Debian's package, run in the foreground with the shipped {@code deploy/haproxy/haproxy.cfg}, its
 * addresses replaced by loopback ports. Installed with {@code apt-get} when missing (as root); when that cannot be
 * done the test fails saying so, never skips.
 */
final class Haproxy implements AutoCloseable {
    static final Path EXAMPLE = Path.of("deploy", "haproxy", "haproxy.cfg");
    private static final Duration INSTALL_WAIT = Duration.ofMinutes(3);
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private Haproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Runs the example in front of two replicas on loopback; the proxy accepts connections when this returns. */
    static Haproxy start(Path dir, int replica1, int replica2) throws Exception {
        Path binary = installed();
        int port = freePort();
        String config = Files.readString(EXAMPLE)
                .replace("bind 127.0.0.1:5000", "bind 127.0.0.1:" + port)
                .replace("127.0.0.1:5001", "127.0.0.1:" + replica1)
                .replace("127.0.0.1:5002", "127.0.0.1:" + replica2);
        assertThat(config).as("the example's addresses were replaced").doesNotContain(":5000", ":5001", ":5002");
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Path log = dir.resolve("haproxy.log");
        Process check = new ProcessBuilder(binary.toString(), "-c", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0)
                .as("haproxy -c accepts the example: %s", Files.readString(log)).isTrue();
        Process process = new ProcessBuilder(binary.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Haproxy haproxy = new Haproxy(process, port);
        haproxy.awaitListening(log);
        return haproxy;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_WAIT);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                // not listening yet: try again until the deadline
            }
        }
        close();
        fail("HAProxy did not listen on port " + port + " within " + START_WAIT + ": " + Files.readString(log));
    }

    /** Debian's haproxy, installed first when missing. */
    private static Path installed() throws IOException, InterruptedException {
        for (Path p : List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/bin/haproxy"))) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("HAProxy is not installed and this test is not running as root to install it: run"
                    + " `sudo apt-get install -y haproxy` (Debian's package) and run the test again");
        }
        Path aptLog = Files.createTempFile("apt-get-haproxy", ".log");
        ProcessBuilder apt = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends", "haproxy")
                .redirectErrorStream(true).redirectOutput(aptLog.toFile());
        apt.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process install = apt.start();
        boolean done = install.waitFor(INSTALL_WAIT.toSeconds(), TimeUnit.SECONDS) && install.exitValue() == 0;
        if (!done) {
            install.destroyForcibly();
        }
        String output = Files.readString(aptLog, StandardCharsets.UTF_8);
        Files.deleteIfExists(aptLog);
        if (!done || !Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            fail("HAProxy is not installed and `apt-get install -y haproxy` failed; install Debian's haproxy package"
                    + " and run the test again. apt-get said:\n" + output);
        }
        return Path.of("/usr/sbin/haproxy");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
