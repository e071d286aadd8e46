package io.mlservice.cli;

import io.mlservice.config.Setting;
import io.mlservice.data.Dataset;
import io.mlservice.model.HyperParameters;
import io.mlservice.model.LaterPairs;
import io.mlservice.model.Metrics;
import io.mlservice.model.ModelFile;
import io.mlservice.model.ModelStamp;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingOrigin;
import io.mlservice.model.TrainingReport;
import io.mlservice.training.ExportTraining;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.DatasetAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code train}: trains every tenant of an export folder, saves the model file and prints what was learned. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model per tenant from a Totara export folder and save it.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "<folder>",
            description = "Folder holding tenants.csv and each tenant's user_interactions_, user_data_, item_data_ files.")
    Path from;

    @Option(names = "--algorithm", defaultValue = "hybrid", paramLabel = "<mf|partial|hybrid>",
            description = "Features to train on (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--threads", paramLabel = "<n>",
            description = "Training threads (default: ${DEFAULT-VALUE}, as ML_NUM_THREADS for the service).")
    int threads = Integer.parseInt(Setting.NUM_THREADS.defaultText().orElseThrow());

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, initialisation and sampling.")
    long seed;

    @Option(names = "--models-dir", defaultValue = "data/train-models", paramLabel = "<folder>",
            description = "Where the model file is written (default: ${DEFAULT-VALUE}, not the service's folder: "
                    + "a service serves only models of its own source).")
    Path modelsDir;

    @Option(names = "--original-features",
            description = "Use the original service's feature matrices: no identity features, rows not normalised.")
    boolean originalFeatures;

    @Option(names = "--epochs", paramLabel = "<n>", description = "Skip the search: train this many epochs.")
    Integer epochs;

    @Option(names = "--components", paramLabel = "<k>", description = "Skip the search: use this embedding size.")
    Integer components;

    @Option(names = "--warm-from", paramLabel = "<model.mlm>",
            description = "Start each tenant from its model in this file where the retrain policy allows (a warm "
                    + "retrain, as the service's nightly cycle does), else run the full search.")
    Path warmFrom;

    @Option(names = "--judge-on", paramLabel = "<folder>",
            description = "After training, judge each model on the pairs of this later export of the same site "
                    + "that it did not train on.")
    Path judgeOn;

    @Override
    public Integer call() throws Exception {
        Algorithm alg = Algorithm.parse(algorithm);
        TenantTrainer.Options options = TenantTrainer.Options.defaults().withThreads(threads).withSeed(seed);
        if (epochs != null || components != null) {
            HyperParameters fixed = HyperParameters.defaults();
            fixed = fixed.withEpochs(epochs != null ? epochs : fixed.epochs());
            fixed = fixed.withComponents(components != null ? components : fixed.components());
            options = options.withFixed(fixed);
        }
        DatasetAssembler.Options features = originalFeatures
                ? DatasetAssembler.Options.original(alg) : DatasetAssembler.Options.of(alg);
        ExportTraining training = ExportTraining.of(features, options);
        PrintStream out = System.out;
        out.printf("Training %s (%s features) from %s with %d thread(s)%n", alg.id(),
                originalFeatures ? "original" : "identity + normalised", from, threads);
        Map<String, TenantModel> serving = new HashMap<>();
        if (warmFrom != null) {
            ModelFile.read(warmFrom).forEach(m -> serving.put(m.tenant(), m));
        }
        long started = System.nanoTime();
        List<TenantModel> models = trainPrintAndSave(training, from, modelsDir, out, serving::get);
        out.printf(Locale.ROOT, "Trained in %.1f s (reading, training, saving)%n",
                (System.nanoTime() - started) / 1e9);
        if (models.isEmpty()) {
            out.println("No tenant had enough data for a model; nothing saved.");
            return 1;
        }
        if (judgeOn != null) {
            judge(training, models, out);
        }
        return 0;
    }

    /** Each model's figures on the later export's pairs it did not train on, beside popularity's. */
    private void judge(ExportTraining training, List<TenantModel> models, PrintStream out) throws IOException {
        Map<String, Dataset> later = new HashMap<>();
        training.prepareAll(judgeOn).stream().filter(ExportTraining.Prepared::trainable)
                .forEach(p -> later.put(p.tenant(), p.data()));
        for (TenantModel m : models) {
            Dataset data = later.get(m.tenant());
            if (data == null) {
                out.printf("Tenant %s: not in %s, not judged%n", m.tenant(), judgeOn);
                continue;
            }
            LaterPairs pairs = LaterPairs.of(m, data);
            out.printf(Locale.ROOT, "Tenant %s (%s) on %,d later pairs of %s: %s; popularity %s%n", m.tenant(),
                    m.report().origin().describe(), pairs.size(), judgeOn, pairs.model().describe(),
                    pairs.popularity().describe());
        }
    }

    /**
     * Trains every tenant of the folder with progress lines, prints the report table, and saves the trained
     * tenants' models in one file when there are any; returns those models.
     */
    static List<TenantModel> trainPrintAndSave(ExportTraining training, Path folder, Path modelsDir,
                                               PrintStream out) throws IOException {
        return trainPrintAndSave(training, folder, modelsDir, out, t -> null);
    }

    /** As above, each tenant starting from its serving model ({@code serving}, or null) where the policy allows. */
    static List<TenantModel> trainPrintAndSave(ExportTraining training, Path folder, Path modelsDir,
                                               PrintStream out, Function<String, TenantModel> serving)
            throws IOException {
        List<ExportTraining.TenantTraining> outcomes = training.trainAll(folder, t -> new ProgressPrinter(t, out),
                serving);
        out.println();
        printTable(outcomes, out);
        for (ExportTraining.TenantTraining o : outcomes) {
            if (o.trained()) {
                TrainingOrigin origin = o.model().report().origin();
                out.printf(Locale.ROOT, "Tenant %s: %s; last full search at %s on %,d interactions%n", o.tenant(),
                        origin.describe(), Instant.ofEpochSecond(origin.fullSearchAtEpochSeconds()),
                        origin.fullSearchInteractions());
            }
        }
        List<TenantModel> models = outcomes.stream().filter(ExportTraining.TenantTraining::trained)
                .map(ExportTraining.TenantTraining::model).toList();
        if (!models.isEmpty()) {
            ModelStamp stamp = ModelStamp.single(Clock.systemUTC().instant(),
                    folder.toAbsolutePath().normalize().toString());
            out.println("Saved " + ModelFile.writeInto(modelsDir, models, stamp));
        }
        return models;
    }

    private static void printTable(List<ExportTraining.TenantTraining> outcomes, PrintStream out) {
        out.println("| tenant | users | items | interactions | served model | held-out AUC | precision@10 | recall@10 "
                + "| EASE^R AUC | EASE^R p@10 | EASE^R r@10 | popularity AUC | popularity p@10 | popularity r@10 "
                + "| p@10 lift | epochs spent | time |");
        out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ExportTraining.TenantTraining o : outcomes) {
            if (!o.trained()) {
                out.printf("| %s | %d | %d | %d | %s |%n", o.tenant(), o.users(), o.items(), o.interactions(),
                        o.message());
                continue;
            }
            TrainingReport r = o.model().report();
            Metrics m = r.heldOut();
            Metrics e = r.ease();
            Metrics p = r.popularity();
            out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s | %.4f | %.4f | %.4f | %s | %s | %s | %.4f | %.4f | %.4f "
                            + "| %s | %d | %.1f s |%n",
                    o.tenant(), o.users(), o.items(), o.interactions(),
                    r.chosen().describe() + "; " + o.model().itemItem().describe(), m.auc(),
                    m.precision(), m.recall(), measured(e.auc()), measured(e.precision()), measured(e.recall()),
                    p.auc(), p.precision(), p.recall(), lift(m.precision(), p.precision()), r.searchEpochs(),
                    o.millis() / 1000.0);
        }
    }

    /** EASE^R is skipped on tenants whose item × item matrices would not fit in the heap. */
    private static String measured(double value) {
        return Double.isNaN(value) ? "skipped" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String lift(double model, double baseline) {
        return baseline > 0 ? String.format(Locale.ROOT, "x%.2f", model / baseline) : "n/a";
    }
}
