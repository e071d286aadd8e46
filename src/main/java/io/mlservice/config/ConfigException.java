package io.mlservice.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings cannot start the service: one line per problem, each naming the variable, where its value came from
 * and what is expected. It is checked so that every caller decides how to show it to the administrator (a console
 * dialog, a line on standard error) instead of letting a stack trace reach them. No line ever shows a secret.
 */
public final class ConfigException extends Exception {
    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::text).collect(Collectors.joining(System.lineSeparator())));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String setting, String text) {
        this(List.of(new Problem(setting, text)));
    }

    /** Every problem found, in the order the settings were checked. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One thing wrong with the settings.
     *
     * @param setting the {@code ML_*} name the problem is about, so a form can point at the field
     * @param text    the whole line shown to the administrator
     */
    public record Problem(String setting, String text) {
    }
}
