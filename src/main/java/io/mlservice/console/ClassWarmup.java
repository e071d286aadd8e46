package io.mlservice.console;

import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import org.controlsfx.control.PropertySheet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads the classes of the pages and their controls on a background thread while the first page shows, so that
 * opening a page for the first time does not load two thousand classes on the JavaFX thread (about half a second
 * when idle, more while training takes the processors). Classes are loaded, not initialised: no static code runs
 * off the JavaFX thread.
 */
final class ClassWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(ClassWarmup.class);
    private static final List<String> PREFIXES = List.of("io/mlservice/console/", "javafx/scene/control/",
            "com/sun/javafx/scene/control/", "javafx/scene/chart/", "org/controlsfx/control/PropertySheet",
            "org/controlsfx/property/", "org/controlsfx/validation/", "org/controlsfx/tools/",
            "org/controlsfx/control/textfield/", "impl/org/controlsfx/skin/PropertySheet",
            "impl/org/controlsfx/skin/AutoComplete", "impl/org/controlsfx/autocompletion/",
            "impl/org/controlsfx/tools/", "org/controlsfx/control/ToggleSwitch",
            "impl/org/controlsfx/skin/ToggleSwitch");
    private static final List<Class<?>> ANCHORS = List.of(ClassWarmup.class, Button.class,
            LineChart.class, PropertySheet.class);

    private ClassWarmup() {
    }

    /** Loads the classes; returns how many were loaded. Never throws. */
    static int run() {
        long start = System.nanoTime();
        ClassLoader loader = ClassWarmup.class.getClassLoader();
        int loaded = 0;
        for (String name : classNames()) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // a class that needs what this platform lacks: it is never used here either
            }
        }
        LOG.debug("Loaded {} console classes in the background in {} ms", loaded,
                (System.nanoTime() - start) / 1_000_000);
        return loaded;
    }

    static Set<String> classNames() {
        Set<Path> sources = new LinkedHashSet<>();
        for (Class<?> anchor : ANCHORS) {
            CodeSource source = anchor.getProtectionDomain().getCodeSource();
            if (source != null) {
                try {
                    sources.add(Path.of(source.getLocation().toURI()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file: nothing to list
                }
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Path source : sources) {
            try {
                names.addAll(Files.isDirectory(source) ? fromFolder(source) : fromJar(source));
            } catch (IOException e) {
                LOG.debug("Could not list {}: {}", source, e.getMessage());
            }
        }
        return names;
    }

    private static List<String> fromJar(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) file.stream()::iterator) {
                add(e.getName(), names);
            }
        }
        return names;
    }

    private static List<String> fromFolder(Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.forEach(f -> add(folder.relativize(f).toString().replace('\\', '/'), names));
        }
        return names;
    }

    private static void add(String entry, List<String> names) {
        if (!entry.endsWith(".class") || entry.contains("module-info")) {
            return;
        }
        for (String prefix : PREFIXES) {
            if (entry.startsWith(prefix)) {
                names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                return;
            }
        }
    }
}
