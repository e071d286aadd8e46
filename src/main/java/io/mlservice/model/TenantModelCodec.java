package io.mlservice.model;

import io.mlservice.data.FeatureMatrix;
import io.mlservice.data.Interactions;
import org.ejml.data.FMatrixRMaj;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The field-by-field layout of one {@link TenantModel} inside a model file's payload: format version 3 writes it
 * (the report with its {@link TrainingOrigin}, then the item-item part); version 2 (reports without their origin:
 * read as a full search at the training time, on the tenant's interactions; no item-item part) and version 1
 * (reports without EASE^R's metrics either) are read too.
 */
final class TenantModelCodec {

    private TenantModelCodec() {
    }

    static void write(PayloadWriter out, TenantModel t) throws IOException {
        out.writeString(t.tenant());
        out.writeStrings(t.userIds());
        out.writeStrings(t.itemIds());
        out.writeStrings(t.itemTypes());
        writeFeatures(out, t.userFeatures());
        writeFeatures(out, t.itemFeatures());
        writeInteractions(out, t.interactions());
        writeModel(out, t.model());
        writeReport(out, t.report());
        writeItemItem(out, t.itemItem());
    }

    static TenantModel read(PayloadReader in, int version) throws IOException {
        String tenant = in.readString();
        List<String> users = in.readStrings();
        List<String> items = in.readStrings();
        List<String> types = in.readStrings();
        FeatureMatrix userFeatures = readFeatures(in);
        FeatureMatrix itemFeatures = readFeatures(in);
        Interactions interactions = readInteractions(in);
        if (interactions.userCount() != users.size() || interactions.itemCount() != items.size()) {
            throw in.corrupt("the interactions of tenant " + tenant + " do not match its users and items");
        }
        HybridModel model = readModel(in);
        TrainingReport report = readReport(in, version, interactions.size());
        ItemItemBlend itemItem = version >= ModelFile.FORMAT_ITEM_ITEM ? readItemItem(in, items.size())
                : ItemItemBlend.NONE;
        return new TenantModel(tenant, users, items, types, userFeatures, itemFeatures, interactions, model, report,
                itemItem);
    }

    /** A flag byte, then (when set) the weight, EASE^R's λ and the pruned weights as compressed rows. */
    private static void writeItemItem(PayloadWriter out, ItemItemBlend blend) throws IOException {
        out.writeByte(blend.present() ? 1 : 0);
        if (!blend.present()) {
            return;
        }
        ItemNeighbours n = blend.neighbours();
        out.writeDouble(blend.weight());
        out.writeDouble(blend.lambda());
        int[] start = n.starts();
        out.writeInts(start, start.length);
        out.writeInts(n.neighbourArray(), n.size());
        out.writeFloats(n.weightArray(), n.size());
    }

    private static ItemItemBlend readItemItem(PayloadReader in, int items) throws IOException {
        if (!in.readBoolean()) {
            return ItemItemBlend.NONE;
        }
        double weight = in.readDouble();
        double lambda = in.readDouble();
        int[] start = in.readInts("item-item row start");
        int[] neighbours = in.readInts("item-item neighbour");
        float[] weights = in.readFloats("item-item weight");
        if (start.length != items + 1) {
            throw in.corrupt("item-item part: " + start.length + " row starts for " + items + " items");
        }
        return new ItemItemBlend(new ItemNeighbours(items, start, neighbours, weights), (float) weight, lambda);
    }

    private static void writeFeatures(PayloadWriter out, FeatureMatrix m) throws IOException {
        out.writeInt(m.rows());
        out.writeStrings(m.featureNames());
        out.writeInts(m.rowStart(), m.rowStart().length);
        out.writeInts(m.columns(), m.columns().length);
        out.writeFloats(m.values(), m.values().length);
    }

    private static FeatureMatrix readFeatures(PayloadReader in) throws IOException {
        int rows = in.readInt();
        List<String> names = in.readStrings();
        int[] rowStart = in.readInts("row start");
        int[] columns = in.readInts("column");
        float[] values = in.readFloats("feature value");
        return new FeatureMatrix(rows, names, rowStart, columns, values);
    }

    private static void writeInteractions(PayloadWriter out, Interactions in) throws IOException {
        out.writeInt(in.userCount());
        out.writeInt(in.itemCount());
        out.writeInts(in.users(), in.size());
        out.writeInts(in.items(), in.size());
        out.writeFloats(in.weights(), in.size());
        out.writeBooleans(in.seen());
    }

    private static Interactions readInteractions(PayloadReader in) throws IOException {
        int userCount = in.readInt();
        int itemCount = in.readInt();
        int[] users = in.readInts("interaction user");
        int[] items = in.readInts("interaction item");
        float[] weights = in.readFloats("interaction weight");
        boolean[] seen = in.readBooleans("interaction flag");
        return new Interactions(userCount, itemCount, users, items, weights, seen);
    }

    private static void writeModel(PayloadWriter out, HybridModel m) throws IOException {
        out.writeInt(m.components());
        writeMatrix(out, m.userEmbeddings());
        writeMatrix(out, m.itemEmbeddings());
        float[] biases = m.itemFeatureBiases();
        out.writeFloats(biases, biases.length);
    }

    private static HybridModel readModel(PayloadReader in) throws IOException {
        int k = in.readInt();
        FMatrixRMaj users = readMatrix(in, k, "user embedding");
        FMatrixRMaj items = readMatrix(in, k, "item embedding");
        return new HybridModel(users, items, in.readFloats("item feature bias"));
    }

    private static void writeMatrix(PayloadWriter out, FMatrixRMaj m) throws IOException {
        out.writeInt(m.numRows);
        out.writeFloats(m.data, m.numRows * m.numCols);
    }

    private static FMatrixRMaj readMatrix(PayloadReader in, int columns, String what) throws IOException {
        int rows = in.readInt();
        float[] data = in.readFloats(what);
        if (rows < 0 || columns < 1 || (long) rows * columns != data.length) {
            throw in.corrupt(what + "s: " + data.length + " values for " + rows + " x " + columns);
        }
        return FMatrixRMaj.wrap(rows, columns, data);
    }

    private static void writeReport(PayloadWriter out, TrainingReport r) throws IOException {
        out.writeByte(r == null ? 0 : 1);
        if (r == null) {
            return;
        }
        out.writeString(r.algorithm());
        writeHyperParameters(out, Objects.requireNonNull(r.chosen(), "the report's hyper-parameters"));
        writeMetrics(out, Objects.requireNonNull(r.heldOut(), "the report's held-out metrics"));
        writeMetrics(out, Objects.requireNonNull(r.popularity(), "the report's popularity metrics"));
        writeMetrics(out, Objects.requireNonNull(r.ease(), "the report's EASE^R metrics"));
        out.writeInt(r.searchEpochs());
        out.writeInt(r.searchCandidates());
        out.writeLong(r.trainedAtEpochSeconds());
        out.writeLong(r.trainingMillis());
        out.writeByte(r.origin().warm() ? 1 : 0);
        out.writeLong(r.origin().fullSearchAtEpochSeconds());
        out.writeInt(r.origin().fullSearchInteractions());
    }

    private static TrainingReport readReport(PayloadReader in, int version, int interactions) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String algorithm = in.readString();
        HyperParameters chosen = readHyperParameters(in);
        Metrics heldOut = readMetrics(in);
        Metrics popularity = readMetrics(in);
        Metrics ease = version >= 2 ? readMetrics(in) : Metrics.NONE;
        int searchEpochs = in.readInt();
        int candidates = in.readInt();
        long trainedAt = in.readLong();
        long millis = in.readLong();
        TrainingOrigin origin = version >= 3
                ? readOrigin(in)
                : TrainingOrigin.fullSearch(trainedAt, interactions);
        return new TrainingReport(algorithm, chosen, heldOut, popularity, ease, searchEpochs, candidates, trainedAt,
                millis, origin);
    }

    private static TrainingOrigin readOrigin(PayloadReader in) throws IOException {
        boolean warm = in.readBoolean();
        long fullSearchAt = in.readLong();
        int interactions = in.readInt();
        if (interactions < 0) {
            throw in.corrupt("a negative count of interactions of the last full search: " + interactions);
        }
        return new TrainingOrigin(warm, fullSearchAt, interactions);
    }

    private static void writeHyperParameters(PayloadWriter out, HyperParameters hp) throws IOException {
        out.writeInt(hp.components());
        out.writeInt(hp.epochs());
        out.writeString(hp.schedule().name());
        out.writeDouble(hp.learningRate());
        out.writeDouble(hp.rho());
        out.writeDouble(hp.epsilon());
        out.writeDouble(hp.userAlpha());
        out.writeDouble(hp.itemAlpha());
        out.writeInt(hp.maxSampled());
    }

    private static HyperParameters readHyperParameters(PayloadReader in) throws IOException {
        int components = in.readInt();
        int epochs = in.readInt();
        LearningSchedule schedule = readSchedule(in);
        return new HyperParameters(components, epochs, schedule, in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readInt());
    }

    private static LearningSchedule readSchedule(PayloadReader in) throws IOException {
        String name = in.readString();
        for (LearningSchedule s : LearningSchedule.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw in.corrupt("unknown learning schedule " + name);
    }

    private static void writeMetrics(PayloadWriter out, Metrics m) throws IOException {
        out.writeDouble(m.auc());
        out.writeDouble(m.precision());
        out.writeDouble(m.recall());
        out.writeInt(m.k());
        out.writeInt(m.users());
    }

    private static Metrics readMetrics(PayloadReader in) throws IOException {
        return new Metrics(in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(), in.readInt());
    }
}
