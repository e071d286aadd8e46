package io.mlservice.cli;

import io.mlservice.model.TenantModel;
import io.mlservice.model.TenantTrainer;
import io.mlservice.serving.Explanation;
import io.mlservice.serving.ScoredItem;
import io.mlservice.serving.SimilarItemsResult;
import io.mlservice.serving.TenantRecommender;
import io.mlservice.serving.UserItemsResult;
import io.mlservice.training.ExportTraining;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.DatasetAssembler;
import io.mlservice.totara.demo.DemoExportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The program without a command: writes the built-in demo export, trains on it, saves the model and shows what
 * Totara would be answered for one user and one item, with the reasons.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train on the built-in demo dataset and show what the model learned.")
public final class DemoRunCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "Where the demo export and model go: "
            + "<data-dir>/demo-export and <data-dir>/demo-models (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path export = dataDir.resolve("demo-export");
        DemoExportGenerator.Statistics stats = new DemoExportGenerator(DemoExportGenerator.Spec.small()).write(export);
        out.println(stats.summary());
        ExportTraining training = ExportTraining.of(Algorithm.HYBRID, TenantTrainer.Options.defaults());
        List<TenantModel> models = TrainCommand.trainPrintAndSave(training, export, dataDir.resolve("demo-models"), out);
        showExamples(models.get(0), out);
        return 0;
    }

    private static void showExamples(TenantModel model, PrintStream out) {
        TenantRecommender recommender = new TenantRecommender(model, DatasetAssembler.ITEM_ID_PREFIX);
        String user = model.userIds().get(0);
        out.printf("%nRecommended for user %s (engage_article), as /user-items would answer:%n", user);
        UserItemsResult result = recommender.userItems(user, "engage_article", 5);
        for (ScoredItem item : result.items()) {
            String why = recommender.explain(user, item.itemId()).map(DemoRunCommand::reasons).orElse("");
            out.printf(Locale.ROOT, "  [\"%s\", \"%s\"]  %s%s%s%n", item.numericId(), item.formattedScore(),
                    item.itemId(), item.demoted() ? " (already interacted, ranked down)" : "", why);
        }
        String target = result.items().isEmpty() ? model.itemIds().get(0) : result.items().get(0).itemId();
        out.printf("%nSimilar to %s, as /similar-items would answer:%n", target);
        SimilarItemsResult similar = recommender.similarItems(target, 5);
        for (ScoredItem item : similar.items()) {
            out.printf(Locale.ROOT, "  [\"%s\", \"%s\"]  %s%n", item.numericId(), item.formattedScore(), item.itemId());
        }
    }

    private static String reasons(Explanation e) {
        StringBuilder sb = new StringBuilder();
        if (!e.similarInteracted().isEmpty()) {
            sb.append("  because of ").append(String.join(", ",
                    e.similarInteracted().stream().map(ScoredItem::itemId).toList()));
        }
        if (!e.sharedFeatures().isEmpty()) {
            sb.append("; shares ").append(String.join(", ", e.sharedFeatures().stream().limit(4).toList()));
        }
        return sb.toString();
    }
}
