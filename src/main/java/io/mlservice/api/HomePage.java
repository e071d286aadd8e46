package io.mlservice.api;

import io.mlservice.config.Role;
import io.mlservice.model.Metrics;
import io.mlservice.model.TrainingReport;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.TenantRecommender;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /}: a status page for people, no authentication: version, export source, training times, each
 * tenant's model and the endpoints. Everything dynamic is HTML-escaped; no key or password is shown, and a user
 * name or password written into the export source URL is left out.
 */
final class HomePage extends Route {
    static final String TEMPLATE = "home.html";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ModelRegistry registry;
    private final ServiceStatus status;
    private final Clock clock;
    private final String template;

    HomePage(ModelRegistry registry, ServiceStatus status, Clock clock) {
        this.registry = registry;
        this.status = status;
        this.clock = clock;
        this.template = load();
    }

    @Override
    Answer answer(Request request) {
        Map<String, String> values = Map.of(
                "version", escape(status.version()),
                "source", status.role() == Role.SERVE ? escape(status.exportSource())
                        : escape(publicSource(status.exportSource())),
                "training", status.training() ? "running now" : "idle",
                "last", time(status.lastTraining(), "none yet"),
                "export", time(status.lastExport(), "not known yet"),
                "next", time(status.nextTraining(), "not scheduled"),
                "models", models(registry.snapshot()),
                "now", TIME.format(clock.instant()),
                "role", status.role() == Role.SERVE ? "replica: serves the trainer's model files, trains nothing"
                        : "trains and serves",
                "served", served(status.servedModel()));
        return new Answer(200, Answer.HTML, fill(template, values).getBytes(StandardCharsets.UTF_8), true, false);
    }

    /** Replaces each {@code {{name}}} of the template in one pass, so no value is itself searched for names. */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 1024);
        int from = 0;
        int open = template.indexOf("{{", from);
        while (open >= 0) {
            int close = template.indexOf("}}", open);
            String name = template.substring(open + 2, close);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("the page template names an unknown value {{" + name + "}}");
            }
            out.append(template, from, open).append(value);
            from = close + 2;
            open = template.indexOf("{{", from);
        }
        return out.append(template, from, template.length()).toString();
    }

    private static String models(ModelRegistry.Snapshot snapshot) {
        if (!snapshot.ready()) {
            return "<p>No model loaded yet: the first training has not finished.</p>";
        }
        if (snapshot.tenants().isEmpty()) {
            return "<p>The export lists no tenants.</p>";
        }
        StringBuilder out = new StringBuilder("<table>\n<tr><th>Tenant</th><th>Trained</th><th>Algorithm</th>"
                + "<th class=\"number\">Users</th><th class=\"number\">Items</th>"
                + "<th class=\"number\">Precision@10</th><th class=\"number\">Popularity precision@10</th>"
                + "<th class=\"number\">EASE^R precision@10</th></tr>\n");
        for (ModelRegistry.Entry entry : snapshot.tenants().values()) {
            out.append("<tr><td>").append(escape(entry.tenant())).append("</td>");
            if (entry.trained()) {
                trainedRow(entry, out);
            } else {
                out.append("<td class=\"none\" colspan=\"7\">Not trained: ").append(escape(entry.message()))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>").toString();
    }

    private static void trainedRow(ModelRegistry.Entry entry, StringBuilder out) {
        TrainingReport report = entry.model().report();
        TenantRecommender recommender = entry.recommender();
        String trained = report != null ? TIME.format(Instant.ofEpochSecond(report.trainedAtEpochSeconds()))
                : "serving since " + TIME.format(entry.since());
        out.append("<td>").append(escape(trained)).append("</td>")
                .append("<td>").append(report != null ? escape(report.algorithm()) : "").append("</td>")
                .append("<td class=\"number\">").append(recommender.userCount()).append("</td>")
                .append("<td class=\"number\">").append(recommender.itemCount()).append("</td>")
                .append("<td class=\"number\">").append(report != null ? precision(report.heldOut()) : "")
                .append("</td>")
                .append("<td class=\"number\">").append(report != null ? precision(report.popularity()) : "")
                .append("</td>")
                .append("<td class=\"number\">").append(report != null ? easePrecision(report.ease()) : "")
                .append("</td>");
    }

    private static String served(Optional<ServedModel> served) {
        return served.map(m -> "<code>" + escape(m.file()) + "</code>, trained " + TIME.format(m.trainedAt())
                + ", serving since " + TIME.format(m.since())).orElse("none yet");
    }

    private static String precision(Metrics metrics) {
        return metrics == null || Double.isNaN(metrics.precision()) ? ""
                : String.format(Locale.ROOT, "%.4f", metrics.precision());
    }

    /** EASE^R is skipped when its matrices would not fit, and older model files never measured it. */
    private static String easePrecision(Metrics ease) {
        return ease == null || Double.isNaN(ease.precision()) ? "not measured" : precision(ease);
    }

    private static String time(Optional<Instant> instant, String absent) {
        return instant.map(TIME::format).orElse(absent);
    }

    /**
     * What the open page may say of the export source: Totara's address (as the original service shows it), but
     * not where a local export folder lies on this server's disk.
     */
    static String publicSource(String source) {
        return source != null && source.contains("://") ? withoutUserInfo(source) : "a local export folder";
    }

    /** A URL's {@code user:password@} part never reaches the page, even when the rest is not a valid URI. */
    static String withoutUserInfo(String source) {
        if (source == null) {
            return "";
        }
        int scheme = source.indexOf("://");
        if (scheme < 0) {
            return source;
        }
        int authority = scheme + 3;
        int pathStart = source.indexOf('/', authority);
        int authorityEnd = pathStart < 0 ? source.length() : pathStart;
        int at = source.lastIndexOf('@', authorityEnd - 1);
        return at < authority ? source : source.substring(0, authority) + source.substring(at + 1);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String load() {
        try (InputStream in = HomePage.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + TEMPLATE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + TEMPLATE, e);
        }
    }
}
