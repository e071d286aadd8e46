package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.FeatureMatrixBuilder;
import io.mlservice.data.Interactions;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFileTest {

    private static final TenantModel TRAINED = trainedTenant();
    private static final TenantModel HAND_BUILT = handBuiltTenant("é-tenant", reportWithNaN());
    private static final TenantModel NO_REPORT = handBuiltTenant("3", null);
    private static final TenantModel WITH_ITEM_ITEM = withItemItem(TRAINED);
    private static final List<TenantModel> TENANTS = List.of(TRAINED, HAND_BUILT, NO_REPORT, WITH_ITEM_ITEM);
    private static final ModelStamp STAMP = new ModelStamp(Instant.parse("2026-11-27T10:15:00.250Z"),
            Instant.parse("2026-11-27T10:00:00Z"), "https://totara.example");

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEverything() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, TENANTS, STAMP);

        List<TenantModel> back = ModelFile.read(file);

        assertThat(back).hasSize(TENANTS.size());
        for (int t = 0; t < TENANTS.size(); t++) {
            assertSameTenant(back.get(t), TENANTS.get(t));
        }
    }

    @Test
    void theItemItemPartRoundTripsAndScoresAsBefore() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, List.of(WITH_ITEM_ITEM), STAMP);

        TenantModel back = ModelFile.read(file).get(0);

        assertThat(back.itemItem().present()).isTrue();
        assertSameTenant(back, WITH_ITEM_ITEM);
        int[] users = {0, 1, 2};
        int n = back.itemIds().size();
        float[] before = new float[users.length * n];
        float[] after = new float[users.length * n];
        scorer(WITH_ITEM_ITEM).score(users, users.length, before);
        scorer(back).score(users, users.length, after);
        assertThat(after).containsExactly(before);
    }

    @Test
    void emptyListRoundTrips() throws IOException {
        Path file = dir.resolve("empty.mlm");
        ModelFile.write(file, List.of(), STAMP);
        assertThat(ModelFile.read(file)).isEmpty();
    }

    @Test
    void writeLeavesOnlyTheFinalFile() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, TENANTS, STAMP);
        ModelFile.write(file, List.of(HAND_BUILT), STAMP);

        assertThat(listing()).containsExactly("m.mlm");
        assertThat(ModelFile.read(file)).hasSize(1);
    }

    @Test
    void failedWriteKeepsTheExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, List.of(HAND_BUILT), STAMP);
        TrainingReport broken = new TrainingReport("hybrid", HyperParameters.defaults(), null, Metrics.NONE, 1, 1, 0, 0);
        TenantModel unwritable = handBuiltTenant("4", broken);

        assertThatThrownBy(() -> ModelFile.write(file, List.of(TRAINED, unwritable), STAMP))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("held-out metrics");

        assertThat(listing()).containsExactly("m.mlm");
        List<TenantModel> back = ModelFile.read(file);
        assertThat(back).hasSize(1);
        assertSameTenant(back.get(0), HAND_BUILT);
    }

    @Test
    void failedRenameLeavesNoTemporaryFile() throws IOException {
        Path occupied = dir.resolve("m.mlm");
        Files.createDirectories(occupied.resolve("inside"));

        assertThatThrownBy(() -> ModelFile.write(occupied, TENANTS, STAMP)).isInstanceOf(IOException.class);

        assertThat(listing()).containsExactly("m.mlm");
    }

    @Test
    void aFlippedPayloadByteIsRefused() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, TENANTS, STAMP);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt: checksum mismatch");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, TENANTS, STAMP);
        byte[] whole = Files.readAllBytes(file);
        for (int length : new int[]{5, ModelFile.HEADER_BYTES - 1, ModelFile.HEADER_BYTES, whole.length / 2,
                whole.length - 1}) {
            Files.write(file, Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> ModelFile.read(file))
                    .as("cut at %d of %d bytes", length, whole.length)
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void foreignFilesAreRefused() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
        byte[] text = "tenants\n0\n1\n".getBytes(StandardCharsets.UTF_8);
        for (byte[] content : List.of(png, text, new byte[0])) {
            Path file = Files.write(dir.resolve("foreign.mlm"), content);
            assertThatThrownBy(() -> ModelFile.read(file))
                    .isInstanceOf(ModelFileException.class)
                    .hasMessage(file + ": not a model file");
        }
    }

    @Test
    void aFileOfFormatOneIsStillReadWithoutEaseMetrics() throws Exception {
        Path file = Path.of(ModelFileTest.class.getResource("/model/format-1.mlm").toURI());

        List<TenantModel> back = ModelFile.read(file);

        assertThat(back).hasSize(1);
        TenantModel tenant = back.get(0);
        assertThat(tenant.itemIds()).containsExactly("engage_article1", "container_course2", "engage_article3");
        assertThat(tenant.model().itemFeatureBiases()).containsExactly(0f, 0f, 3.5f, 0f);
        assertThat(tenant.report()).isEqualTo(new TrainingReport("hybrid", HyperParameters.defaults(),
                new Metrics(0.91, 0.2, 0.3, 10, 60), new Metrics(0.7, 0.1, 0.15, 10, 60), Metrics.NONE, 40, 7,
                1_795_000_000L, 1234L, TrainingOrigin.fullSearch(1_795_000_000L, tenant.interactions().size())));
    }

    @Test
    void aFileOfFormatTwoIsStillReadAsAFactorModelAloneFromAFullSearchOnItsInteractions() throws Exception {
        Path file = Path.of(ModelFileTest.class.getResource("/model/format-2.mlm").toURI());

        ModelFile.Contents back = ModelFile.load(file);

        assertThat(back.stamp().sourceKnown()).isTrue();
        TenantModel tenant = back.tenants().get(0);
        TrainingReport report = tenant.report();
        assertThat(report.chosen().components()).isEqualTo(4);
        assertThat(report.origin()).isEqualTo(TrainingOrigin.fullSearch(report.trainedAtEpochSeconds(),
                tenant.interactions().size()));
        assertThat(tenant.interactions().size()).isPositive();
        assertThat(tenant.itemItem()).isEqualTo(ItemItemBlend.NONE);
    }

    @Test
    void aWarmRetrainAndItsLastFullSearchTravelInsideTheFile() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, List.of(TRAINED), STAMP);

        TrainingOrigin origin = ModelFile.read(file).get(0).report().origin();

        assertThat(origin.warm()).isTrue();
        assertThat(origin.fullSearchAtEpochSeconds()).isEqualTo(1_794_400_000L);
        assertThat(origin.fullSearchInteractions()).isEqualTo(123_456);
    }

    @Test
    void aFileFromANewerFormatIsRefused() throws IOException {
        Path file = dir.resolve("m.mlm");
        ModelFile.write(file, TENANTS, STAMP);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(ModelFile.MAGIC.length, ModelFile.FORMAT_VERSION + 1);
        Files.write(file, bytes);

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": written by a newer version: format 4, this program reads up to 3");
    }

    @Test
    void anImplausibleCountFailsCleanlyEvenWithAValidChecksum() throws IOException {
        ByteBuffer hugeTenantCount = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE);
        ByteBuffer hugeStringLength = ByteBuffer.allocate(8).putInt(1).putInt(Integer.MAX_VALUE - 8);
        for (ByteBuffer payload : List.of(hugeTenantCount, hugeStringLength)) {
            Path file = Files.write(dir.resolve("crafted.mlm"), fileAround(payload.array()));
            assertThatThrownBy(() -> ModelFile.read(file))
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("corrupt")
                    .hasMessageContaining("does not fit");
        }
    }

    @Test
    void writeIntoNamesFilesByTrainingTime() throws IOException {
        Path file = ModelFile.writeInto(dir.resolve("models"), TENANTS, STAMP);

        assertThat(file.getFileName()).hasToString("model-20261127T101500Z.mlm");
        assertThat(ModelFile.read(file)).hasSize(4);
    }

    @Test
    void theStampTravelsInsideTheFile() throws IOException {
        Path file = dir.resolve("renamed-by-hand.mlm");
        ModelFile.write(file, List.of(HAND_BUILT), STAMP);

        assertThat(ModelFile.stamp(file)).isEqualTo(STAMP);
        ModelFile.Contents contents = ModelFile.load(file);
        assertThat(contents.stamp()).isEqualTo(STAMP);
        assertSameTenant(contents.tenants().get(0), HAND_BUILT);
    }

    @Test
    void aFileOfFormatOneStillReadsWithItsTimeFromItsName() throws IOException {
        byte[] one = formatOne();
        Path old = Files.write(dir.resolve("model-20250102T030405Z.mlm"), one);

        assertThat(ModelFile.stamp(old)).isEqualTo(ModelStamp.single(Instant.parse("2025-01-02T03:04:05Z"),
                ModelStamp.UNKNOWN_SOURCE));
        assertThat(ModelFile.read(old).get(0).itemIds())
                .containsExactly("engage_article1", "container_course2", "engage_article3");
        Path unnamed = Files.write(dir.resolve("copy.mlm"), one);
        assertThatThrownBy(() -> ModelFile.stamp(unnamed)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("records no training time");
    }

    /** A real file of format 1, as the version before the stamp and EASE^R's metrics wrote it. */
    static byte[] formatOne() throws IOException {
        try (var in = ModelFileTest.class.getResourceAsStream("/model/format-1.mlm")) {
            return in.readAllBytes();
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** A well-formed header, the payload and its true checksum. */
    private static byte[] fileAround(byte[] payload) {
        return fileAround(payload, ModelFile.FORMAT_UNSTAMPED);
    }

    private static byte[] fileAround(byte[] payload, int version) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(ModelFile.HEADER_BYTES + payload.length + ModelFile.TRAILER_BYTES)
                .put(ModelFile.MAGIC).putInt(version).putLong(payload.length)
                .put(payload).putInt((int) crc.getValue()).array();
    }

    private static void assertSameTenant(TenantModel actual, TenantModel expected) {
        assertThat(actual.tenant()).isEqualTo(expected.tenant());
        assertThat(actual.userIds()).isEqualTo(expected.userIds());
        assertThat(actual.itemIds()).isEqualTo(expected.itemIds());
        assertThat(actual.itemTypes()).isEqualTo(expected.itemTypes());
        assertThat(actual.userFeatures()).isEqualTo(expected.userFeatures());
        assertThat(actual.itemFeatures()).isEqualTo(expected.itemFeatures());
        Interactions a = actual.interactions();
        Interactions e = expected.interactions();
        assertThat(a.userCount()).isEqualTo(e.userCount());
        assertThat(a.itemCount()).isEqualTo(e.itemCount());
        assertThat(a.users()).containsExactly(e.users());
        assertThat(a.items()).containsExactly(e.items());
        assertThat(a.weights()).containsExactly(e.weights());
        assertThat(a.seen()).containsExactly(e.seen());
        HybridModel am = actual.model();
        HybridModel em = expected.model();
        assertThat(am.components()).isEqualTo(em.components());
        assertThat(am.userEmbeddings().numRows).isEqualTo(em.userEmbeddings().numRows);
        assertThat(am.itemEmbeddings().numRows).isEqualTo(em.itemEmbeddings().numRows);
        assertThat(am.userEmbeddings().data).containsExactly(em.userEmbeddings().data);
        assertThat(am.itemEmbeddings().data).containsExactly(em.itemEmbeddings().data);
        assertThat(am.itemFeatureBiases()).containsExactly(em.itemFeatureBiases());
        assertThat(actual.report()).isEqualTo(expected.report());
        ItemItemBlend ai = actual.itemItem();
        ItemItemBlend ei = expected.itemItem();
        assertThat(ai.weight()).isEqualTo(ei.weight());
        assertThat(Double.valueOf(ai.lambda())).isEqualTo(Double.valueOf(ei.lambda()));
        assertThat(ai.neighbours() == null).isEqualTo(ei.neighbours() == null);
        if (ei.neighbours() != null) {
            assertThat(ai.neighbours().starts()).containsExactly(ei.neighbours().starts());
            assertThat(ai.neighbours().neighbourArray()).containsExactly(ei.neighbours().neighbourArray());
            assertThat(ai.neighbours().weightArray()).containsExactly(ei.neighbours().weightArray());
        }
    }

    /** The tenant with EASE^R's weights on its interactions, pruned to 5 per item, at weight 0.5. */
    private static TenantModel withItemItem(TenantModel t) {
        EaseModel ease = EaseModel.fit(t.interactions(), 10, 1);
        return new TenantModel("with item-item", t.userIds(), t.itemIds(), t.itemTypes(), t.userFeatures(),
                t.itemFeatures(), t.interactions(), t.model(), t.report(),
                new ItemItemBlend(ItemNeighbours.prune(ease, 5), 0.5f, 10));
    }

    private static ItemScorer scorer(TenantModel t) {
        return new BlendedScorer(new ModelScorer(t.model(), t.userFeatures(), t.itemFeatures()), t.itemItem(),
                t.interactions());
    }

    private static TenantModel trainedTenant() {
        PlantedData planted = PlantedData.generate(60, 30, 3, 6, 0.1, 5);
        HyperParameters hp = HyperParameters.defaults().withComponents(8).withEpochs(3);
        HybridModel model;
        try (TrainingRun run = new TrainingRun(planted.users(), planted.items(), planted.interactions(), hp, 1, 2)) {
            for (int e = 0; e < hp.epochs(); e++) {
                run.runEpoch();
            }
            model = run.snapshot();
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            types.add(i % 2 == 0 ? "engage_article" : "container_course");
        }
        TrainingReport report = new TrainingReport("mf", hp, new Metrics(0.91, 0.2, 0.3, 10, 60),
                new Metrics(0.7, 0.1, 0.15, 10, 60), new Metrics(0.88, 0.18, 0.27, 10, 55), 40, 7,
                1_795_000_000L, 1234L, new TrainingOrigin(true, 1_794_400_000L, 123_456));
        return new TenantModel("0", planted.users().featureNames(), planted.items().featureNames(), types,
                planted.users(), planted.items(), planted.interactions(), model, report);
    }

    static TenantModel handBuiltTenant(String tenant, TrainingReport report) {
        FeatureMatrix users = new FeatureMatrixBuilder()
                .startRow().add("lang=en", 1f).add("city:wellington", 0.5f)
                .startRow().add("lang=fr", 1f)
                .build();
        FeatureMatrix items = new FeatureMatrixBuilder()
                .startRow().add("engage_article", 1f).add("topic:7", 1f)
                .startRow().add("container_course", 1f).add("word:ćma", 0.25f)
                .startRow()
                .build();
        Interactions interactions = new Interactions(2, 3, new int[]{0, 1, 1}, new int[]{2, 0, 1},
                new float[]{2f, 1f, 2f}, new boolean[]{true, false, true});
        float[] userEmb = new float[users.featureCount() * 2];
        float[] itemEmb = new float[items.featureCount() * 2];
        for (int i = 0; i < userEmb.length; i++) {
            userEmb[i] = i * 0.1f - 0.3f;
        }
        for (int i = 0; i < itemEmb.length; i++) {
            itemEmb[i] = -i * 0.7f;
        }
        itemEmb[0] = Float.MIN_VALUE;
        float[] biases = new float[items.featureCount()];
        biases[1] = -0.0f;
        biases[2] = 3.5f;
        HybridModel model = new HybridModel(FMatrixRMaj.wrap(users.featureCount(), 2, userEmb),
                FMatrixRMaj.wrap(items.featureCount(), 2, itemEmb), biases);
        return new TenantModel(tenant, List.of("7", "8"), List.of("engage_article1", "container_course2",
                "engage_article3"), List.of("engage_article", "container_course", "engage_article"),
                users, items, interactions, model, report);
    }

    private static TrainingReport reportWithNaN() {
        HyperParameters hp = HyperParameters.original(2, 0, true);
        return new TrainingReport("hybrid", hp, Metrics.NONE, new Metrics(Double.NaN, 0, 1, 5, 0), 0, 0, -1, 0);
    }
}
