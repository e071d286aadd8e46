package io.mlservice.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mlservice.config.SettingsFile;
import io.mlservice.config.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code container/compose.yaml} is valid YAML and says what the Containerfile and the build say: the image the
 * container profile tags, its port, its volume, its health check, and only settings the service knows.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("container", "compose.yaml");
    private static final Pattern IMAGE_PROPERTY = Pattern.compile("<container\\.image>([^<]+)</container\\.image>");

    @Test
    void theServiceRunsTheBuiltImageWithTheContainerfilesPortVolumeAndHealthCheck() throws IOException {
        ContainerfileDeclarations image = ContainerfileDeclarations.read();
        JsonNode compose = new YAMLMapper().readTree(COMPOSE.toFile());
        JsonNode service = compose.path("services").path("ml_service");

        assertThat(service.path("image").asText()).isEqualTo(builtImageName());
        assertThat(service.path("container_name").asText()).as("the name the original's docker run line gives")
                .isEqualTo("ml_service");
        int port = image.exposedPorts().get(0);
        assertThat(texts(service.path("ports"))).containsExactly(port + ":" + port);
        assertThat(image.environment().get("ML_BIND")).endsWith(":" + port);

        assertThat(image.volumes()).hasSize(1);
        String volume = image.volumes().get(0);
        List<String> mounts = texts(service.path("volumes"));
        assertThat(mounts).hasSize(1);
        assertThat(mounts.get(0)).endsWith(":" + volume);
        String named = mounts.get(0).substring(0, mounts.get(0).length() - volume.length() - 1);
        assertThat(compose.path("volumes").has(named)).as("the volume %s is declared", named).isTrue();

        assertThat(texts(service.path("healthcheck").path("test")))
                .containsExactlyElementsOf(prefixed("CMD", image.healthCheck()));
    }

    @Test
    void everyVariableIsOneTheServiceReads() throws IOException {
        JsonNode environment = new YAMLMapper().readTree(COMPOSE.toFile()).path("services").path("ml_service")
                .path("environment");
        List<String> names = new ArrayList<>();
        environment.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("ML_TOTARA_URL", "ML_TOTARA_KEY");
        names.addAll(ContainerfileDeclarations.read().environment().keySet());
        assertThat(names).allSatisfy(name -> assertThat(
                Setting.named(name).isPresent() || name.equals(SettingsFile.VARIABLE))
                .as("%s is a setting of the service", name).isTrue());
    }

    @Test
    void theCommentsGiveTotarasConfigPhpLinesForThisService() throws IOException {
        String text = Files.readString(COMPOSE);
        int port = ContainerfileDeclarations.read().exposedPorts().get(0);
        assertThat(text).contains("#   $CFG->ml_service_url = 'http://ml_service:" + port + "';")
                .contains("#   $CFG->ml_service_key = ");
    }

    /** The image name the container profile builds and tags, from pom.xml. */
    private static String builtImageName() throws IOException {
        Matcher m = IMAGE_PROPERTY.matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("container.image in pom.xml").isTrue();
        return m.group(1);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<String> prefixed(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
