package io.mlservice.console.settings;

import io.mlservice.config.ConfigException;
import io.mlservice.config.ResolvedSetting;
import io.mlservice.console.ServiceHost;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting as the Settings form loads it: its text and where it comes from, which of them are demo fill-ins,
 * and the settings file the form saves to.
 *
 * @param demo {@code ML_*} names whose values are demo fill-ins
 * @param file the settings file, absolute
 */
record LoadedSettings(List<ResolvedSetting> sources, Set<String> demo, String file) {

    /** Reads them from the host (blocks: the settings file). */
    static LoadedSettings read(ServiceHost host) throws ConfigException {
        List<ResolvedSetting> sources = host.sources();
        return new LoadedSettings(sources, demoNames(host, sources),
                host.settingsFile().path().toAbsolutePath().toString());
    }

    /**
     * The demo fill-ins among the sources: {@link ServiceHost#sources} shows them as command-line values that the
     * console was not started with.
     */
    private static Set<String> demoNames(ServiceHost host, List<ResolvedSetting> sources) {
        Map<String, String> commandLine = host.launch().commandLine();
        Set<String> demo = new HashSet<>(host.fallbacks().keySet());
        for (ResolvedSetting r : sources) {
            if (r.origin() == ResolvedSetting.Origin.COMMAND_LINE && !commandLine.containsKey(r.name())) {
                demo.add(r.name());
            }
        }
        demo.removeIf(commandLine::containsKey);
        return demo;
    }
}
