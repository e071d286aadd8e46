package io.mlservice.bench;

import io.mlservice.totara.demo.DemoExportGenerator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The demo exports {@code bench} measures on, smallest first, by the name its options use ({@code 10k}). */
enum DemoSize {
    SMALL("10k", DemoExportGenerator.Spec::small),
    MEDIUM("100k", DemoExportGenerator.Spec::medium),
    LARGE("1m", DemoExportGenerator.Spec::large),
    HUGE("10m", DemoExportGenerator.Spec::huge);

    private final String id;
    private final Supplier<DemoExportGenerator.Spec> spec;

    DemoSize(String id, Supplier<DemoExportGenerator.Spec> spec) {
        this.id = id;
        this.spec = spec;
    }

    String id() {
        return id;
    }

    DemoExportGenerator.Spec spec() {
        return spec.get();
    }

    /** {@code 10k}, {@code 100k}, {@code 1m}, {@code 10m}, in any case. */
    static DemoSize parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown size '" + text + "': use " + ids()));
    }

    static String ids() {
        return Arrays.stream(values()).map(DemoSize::id).collect(Collectors.joining(", "));
    }

    /** Reads a size while the command line is parsed, so a wrong one is refused before any work. */
    static final class Converter implements ITypeConverter<DemoSize> {
        @Override
        public DemoSize convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --annealing-up-to}: a size, or {@code none}; checked while the command line is parsed. */
    static final class LimitConverter implements ITypeConverter<String> {
        static final String NONE = "none";

        @Override
        public String convert(String value) {
            if (value.trim().equalsIgnoreCase(NONE)) {
                return NONE;
            }
            try {
                return parse(value).id();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + " or " + NONE);
            }
        }
    }
}
