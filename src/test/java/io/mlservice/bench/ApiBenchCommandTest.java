package io.mlservice.bench;

import io.mlservice.cli.Main;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API benchmark's smallest run serves real answers on both endpoints and counts none as failed; its soak run
 * reports every interval and a verdict.
 */
class ApiBenchCommandTest {

    @Test
    void measuresBothEndpointsWithThroughputAndNoFailures() {
        Output run = run("bench", "api", "--items", "200", "--seconds", "1", "--warmup", "0", "--clients", "2",
                "--components", "16", "--while-training");
        String out = run.text();

        assertThat(run.code()).as(out).isZero();
        assertThat(out).contains("== 200 items");
        Matcher lines = Pattern.compile("(/user-items|/similar-items)\\s+2 clients:\\s+([\\d,]+) req/s.*failed (\\d+)")
                .matcher(out);
        List<String> endpoints = new ArrayList<>();
        while (lines.find()) {
            endpoints.add(lines.group(1));
            assertThat(Long.parseLong(lines.group(2).replace(",", ""))).as(lines.group()).isPositive();
            assertThat(lines.group(3)).as(lines.group()).isEqualTo("0");
        }
        assertThat(endpoints).containsExactly("/user-items", "/similar-items");
        assertThat(out).containsPattern("/user-items\\s+1 client:\\s+median \\d+\\.\\d+ ms .*failed 0");
        assertThat(out).containsPattern("in the background on \\d+ threads; trainings finished: \\d+");
    }

    @Test
    void soakReportsEachIntervalWithoutErrorsAndAVerdict() {
        Output run = run("bench", "api", "--items", "200", "--seconds", "1", "--warmup", "0", "--clients", "2",
                "--components", "16", "--soak", "0.1", "--soak-interval", "2");
        String out = run.text();

        assertThat(out).containsPattern("ramp: 1 client: +[\\d,]+ req/s .*failed 0")
                .containsPattern("ramp: 2 clients: +[\\d,]+ req/s .*failed 0")
                .containsPattern("capacity of /user-items while training: [\\d,]+ req/s; driving 2 clients at "
                        + "[\\d,]+ req/s \\(80%\\) for 0.1 min")
                .containsPattern("time +requests +req/s +errors +p99 ms +max ms +heap MiB +threads");
        Matcher lines = Pattern.compile("(?m)^ +0:0(\\d) +([\\d,]+) +[\\d,]+ +(\\d+) +\\d+\\.\\d\\d +\\d+\\.\\d\\d "
                + "+(\\d+\\.\\d) +(\\d+)$").matcher(out);
        List<String> times = new ArrayList<>();
        while (lines.find()) {
            times.add(lines.group(1));
            assertThat(Long.parseLong(lines.group(2).replace(",", ""))).as(lines.group()).isPositive();
            assertThat(lines.group(3)).as("errors in " + lines.group()).isEqualTo("0");
            assertThat(Double.parseDouble(lines.group(4))).as(lines.group()).isPositive();
            assertThat(Integer.parseInt(lines.group(5))).as(lines.group()).isPositive();
        }
        assertThat(times).as(out).containsExactly("2", "4", "6");
        Matcher verdict = Pattern.compile("soak verdict: (PASS|FAIL): [\\d,]+ requests, 0 errors; lowest heap after GC "
                + "\\d+\\.\\d MiB in the first third, \\d+\\.\\d MiB in the last( \\(grew\\))?; live threads \\d+, "
                + "then \\d+").matcher(out);
        assertThat(verdict.find()).as(out).isTrue();
        assertThat(run.code()).as("the exit code follows the verdict").isEqualTo(
                verdict.group(1).equals("PASS") ? 0 : 1);
    }

    private record Output(int code, String text) {
    }

    private static Output run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int code;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = Main.run(args);
        } finally {
            System.setOut(previous);
        }
        return new Output(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
