package io.mlservice.training;

import io.mlservice.data.Dataset;
import io.mlservice.model.TenantModel;
import io.mlservice.model.TenantTrainer;
import io.mlservice.model.TrainingListener;
import io.mlservice.model.TrainingOrigin;
import io.mlservice.model.TrainingReport;
import io.mlservice.model.WarmRetrain;
import io.mlservice.totara.Algorithm;
import io.mlservice.totara.DatasetAssembler;
import io.mlservice.totara.ExportLimits;
import io.mlservice.totara.ExportReader;
import io.mlservice.totara.InsufficientDataException;
import io.mlservice.totara.TenantExport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a complete export folder and trains every tenant in it. A malformed export fails the whole training
 * (nothing of it may replace a good model); a tenant with too little data gets no model and says why.
 */
public final class ExportTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ExportTraining.class);

    private final ExportReader reader;
    private final DatasetAssembler assembler;
    private final DatasetAssembler.Options features;
    private final TenantTrainer trainer;
    private final TenantTrainer.Options options;
    private final RetrainPolicy policy;
    private final Clock clock;

    private ExportTraining(ExportReader reader, DatasetAssembler assembler, DatasetAssembler.Options features,
                           TenantTrainer.Options options, RetrainPolicy policy, Clock clock) {
        this.reader = reader;
        this.assembler = assembler;
        this.features = features;
        this.options = options;
        this.trainer = new TenantTrainer(options, clock);
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * The one pipeline every training of the program runs (the service's cycles, {@code train}, {@code demo},
     * {@code bench api}): Totara's export reader, the dataset assembler with these features, and the tenant
     * trainer with these options.
     */
    public static ExportTraining of(DatasetAssembler.Options features, TenantTrainer.Options trainer) {
        return new ExportTraining(new ExportReader(), new DatasetAssembler(), features, trainer,
                RetrainPolicy.defaults(), Clock.systemUTC());
    }

    /** The pipeline with the algorithm's usual features (identity columns, normalised rows). */
    public static ExportTraining of(Algorithm algorithm, TenantTrainer.Options trainer) {
        return of(DatasetAssembler.Options.of(algorithm), trainer);
    }

    /** The same pipeline reading exports within these limits instead of the defaults. */
    public ExportTraining within(ExportLimits limits) {
        return new ExportTraining(new ExportReader(limits), assembler, features, options, policy, clock);
    }

    /** The same pipeline choosing between warm retrains and full searches by this policy (default: weekly, 20%). */
    public ExportTraining withRetrainPolicy(RetrainPolicy value) {
        return new ExportTraining(reader, assembler, features, options, value, clock);
    }

    /** The same pipeline on another clock (the policy's age of the last full search, the reports' times). */
    public ExportTraining withClock(Clock value) {
        return new ExportTraining(reader, assembler, features, options, policy, value);
    }

    /**
     * One tenant's result: a model, or none and the reason.
     *
     * @param users        users in the export
     * @param items        items in the export
     * @param interactions interactions kept after the original's rules
     */
    public record TenantTraining(String tenant, TenantModel model, String message, int users, int items,
                                int interactions, long millis) {
        public boolean trained() {
            return model != null;
        }
    }

    /** The tenants to train, as the export lists them. */
    public List<String> tenants(Path folder) throws IOException {
        return reader.readTenants(folder);
    }

    /**
     * Trains all tenants of the folder, one after the other; {@code listeners} gives each tenant's listener. Every
     * tenant is read and assembled before the first one trains, so a broken file anywhere fails fast and no
     * tenant's model is replaced by a partial training; only the assembled data is kept, not the parsed rows.
     */
    public List<TenantTraining> trainAll(Path folder, Function<String, TrainingListener> listeners)
            throws IOException {
        return trainAll(folder, listeners, tenant -> null);
    }

    /**
     * As {@link #trainAll(Path, Function)}, each tenant starting from its serving model where the retrain policy
     * allows; {@code serving} gives a tenant's serving model, or null.
     */
    public List<TenantTraining> trainAll(Path folder, Function<String, TrainingListener> listeners,
                                         Function<String, TenantModel> serving) throws IOException {
        List<Prepared> prepared = prepareAll(folder);
        List<TenantTraining> outcomes = new ArrayList<>(prepared.size());
        for (Prepared p : prepared) {
            outcomes.add(train(p, listeners.apply(p.tenant()), serving.apply(p.tenant())));
        }
        return outcomes;
    }

    /**
     * Reads and assembles every tenant of the folder, in {@code tenants.csv} order; a malformed file anywhere
     * fails here, before anything trains.
     */
    public List<Prepared> prepareAll(Path folder) throws IOException {
        List<String> tenants = reader.readTenants(folder);
        List<Prepared> prepared = new ArrayList<>(tenants.size());
        for (String t : tenants) {
            prepared.add(prepare(reader.readTenant(folder, t)));
        }
        return prepared;
    }

    /** Trains one tenant's export. */
    public TenantTraining trainTenant(TenantExport export, TrainingListener listener) {
        return train(prepare(export), listener);
    }

    /** A tenant ready to train, or the outcome that says why it will not be; with the time assembly took. */
    public record Prepared(String tenant, Dataset data, TenantTraining outcome, long assemblyMillis) {
        /** False when the tenant has too little data: {@link #outcome()} says why. */
        public boolean trainable() {
            return data != null;
        }
    }

    private Prepared prepare(TenantExport export) {
        long started = System.nanoTime();
        try {
            Dataset data = assembler.assemble(export, features);
            return new Prepared(export.tenant(), data, null, millisSince(started));
        } catch (InsufficientDataException e) {
            LOG.info("Tenant {}: {}", export.tenant(), e.getMessage());
            return new Prepared(export.tenant(), null, new TenantTraining(export.tenant(), null, e.getMessage(), export.users().size(),
                    export.items().size(), 0, millisSince(started)), millisSince(started));
        }
    }

    /** Trains a prepared tenant with a full search; one with too little data gets its outcome back. */
    public TenantTraining train(Prepared prepared, TrainingListener listener) {
        return train(prepared, listener, null);
    }

    /**
     * Trains a prepared tenant: a warm retrain from {@code serving} when the retrain policy allows and its result
     * ranks today's new pairs at least as well as the serving model, else a full search. One with too little data
     * gets its outcome back without training.
     *
     * @param serving the model serving the tenant, or null
     */
    public TenantTraining train(Prepared prepared, TrainingListener listener, TenantModel serving) {
        if (!prepared.trainable()) {
            return prepared.outcome();
        }
        long started = System.nanoTime();
        Dataset data = prepared.data();
        String algorithm = features.algorithm().id();
        LOG.info("Tenant {}: training {} on {} users, {} items, {} interactions", data.tenant(), algorithm,
                data.userCount(), data.itemCount(), data.interactions().size());
        RetrainPolicy.Decision decision = policy.decide(serving, data, algorithm, options.fixed(), clock.instant());
        TenantModel model = null;
        String why = decision.reason();
        if (decision.warm()) {
            LOG.info("Tenant {}: warm retrain: {}", data.tenant(), why);
            WarmRetrain retrain = new WarmRetrain(options.threads(), options.seed(), options.scoringUsers(), clock);
            WarmRetrain.Result warm = retrain.retrain(data, algorithm, serving, decision.start(), listener);
            if (warm.kept()) {
                model = warm.model();
                LOG.info("Tenant {}: warm retrain kept: new pairs {} (serving model: {})", data.tenant(),
                        warm.warm().describe(), warm.serving().describe());
            } else {
                why = "the warm retrain fell behind: " + warm.verdict();
            }
        }
        if (model == null) {
            LOG.info("Tenant {}: full search: {}", data.tenant(), why);
            model = fullSearch(data, algorithm, listener);
        }
        return new TenantTraining(data.tenant(), model, "trained", data.userCount(), data.itemCount(),
                data.interactions().size(), prepared.assemblyMillis() + millisSince(started));
    }

    /** The trainer's search, its report saying that it is a full search and on how many interactions it ran. */
    private TenantModel fullSearch(Dataset data, String algorithm, TrainingListener listener) {
        TenantModel m = trainer.train(data, algorithm, listener);
        TrainingReport report = m.report().withOrigin(TrainingOrigin.fullSearch(m.report().trainedAtEpochSeconds(),
                data.interactions().size()));
        return m.withReport(report);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
