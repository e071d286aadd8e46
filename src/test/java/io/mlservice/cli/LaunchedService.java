package io.mlservice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service started as a separate process, for tests to wait on: its standard output is read line by line on a
 * thread of its own (so that the pipe never fills and blocks the service), and a condition can be awaited while
 * watching that the process has not ended.
 */
public final class LaunchedService {
    /** The line the service prints once its API answers; group 1 is the base URL. */
    public static final Pattern LISTENING = Pattern.compile("Listening on (http://\\S+/)");

    private static final String END = "\u0000end of output";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    private LaunchedService(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output unreadable: " + e + ")");
            }
            lines.add(END);
        }, "process-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static LaunchedService of(Process process) {
        return new LaunchedService(process);
    }

    /**
     * Waits for the next line matching {@code wanted}.
     *
     * @throws AssertionError with everything printed so far when the process ends or the time runs out first
     */
    public Matcher await(Pattern wanted, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            String line = lines.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(END)) {
                break;
            }
            seen.append(line).append('\n');
            Matcher m = wanted.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("the process did not print " + wanted + "; it printed:\n" + seen);
    }

    /** Waits for {@link #LISTENING} and returns the service's base URL. */
    public String awaitListening(Duration limit) throws InterruptedException {
        return await(LISTENING, limit).group(1);
    }

    /**
     * Checks {@code condition} until it holds, pausing by waiting up to 100 ms for the process to end between
     * checks.
     *
     * @throws AssertionError at once when the process ends first, or when the time runs out
     */
    public void until(String what, Callable<Boolean> condition, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.call()) {
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the process ended (exit code " + process.exitValue() + ") before "
                        + what);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
        }
    }
}
