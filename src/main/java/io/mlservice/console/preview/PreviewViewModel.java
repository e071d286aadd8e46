package io.mlservice.console.preview;

import io.mlservice.api.RecommendationRules;
import io.mlservice.config.Secret;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Formats;
import io.mlservice.console.ServiceHost;
import io.mlservice.model.TenantModel;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.Recommendations;
import io.mlservice.service.CycleResult;
import io.mlservice.service.MlService;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;
import io.mlservice.totara.TotaraToken;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Preview page's state: the served tenants, the chosen one, and the user and item looked up in it, computed
 * off the JavaFX thread from the registry snapshot and the settings at that moment, with the API's own code
 * ({@link Recommendations}). A new model or a settings change shows after {@link #refresh()} (called when a tenant
 * finishes training and when the page is shown). Properties change only on the {@code ui} executor.
 */
public final class PreviewViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewViewModel.class);
    /** Suggestions offered while typing an id. */
    static final int SUGGESTIONS = 12;
    static final String NOT_RUNNING = "The service is not running yet: the preview needs its models.";
    static final String NO_MODEL = "No model yet: the first training is under way.";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final ServiceHost host;
    private final Executor ui;
    private final Executor background;
    private final Clock clock;
    private final Map<String, TenantIndex> indexes = new ConcurrentHashMap<>();
    private final PreviewLookup lookup = new PreviewLookup(this::index);

    private final ObservableList<String> tenants = FXCollections.observableArrayList();
    private final ObjectProperty<String> tenant = new SimpleObjectProperty<>(this, "tenant");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", NOT_RUNNING);
    private final ReadOnlyStringWrapper tenantSummary = new ReadOnlyStringWrapper(this, "tenantSummary", "");
    private final ReadOnlyBooleanWrapper canPreview = new ReadOnlyBooleanWrapper(this, "canPreview");
    private final StringProperty userId = new SimpleStringProperty(this, "userId", "");
    private final StringProperty itemId = new SimpleStringProperty(this, "itemId", "");
    private final ReadOnlyObjectWrapper<UserPreview> user = new ReadOnlyObjectWrapper<>(this, "user");
    private final ReadOnlyObjectWrapper<ItemPreview> item = new ReadOnlyObjectWrapper<>(this, "item");
    private final ReadOnlyBooleanWrapper userBusy = new ReadOnlyBooleanWrapper(this, "userBusy");
    private final ReadOnlyBooleanWrapper itemBusy = new ReadOnlyBooleanWrapper(this, "itemBusy");
    private final ReadOnlyStringWrapper copied = new ReadOnlyStringWrapper(this, "copied", "");

    private final AtomicLong userRequests = new AtomicLong();
    private final AtomicLong itemRequests = new AtomicLong();
    private final AtomicLong refreshes = new AtomicLong();
    /** Mirrors of state read off the JavaFX thread (suggestions, lookups). */
    private volatile String chosenTenant;
    private volatile String lastUser;
    private volatile String lastItem;
    private volatile boolean disposed;
    private final ServiceListener listener = new ServiceListener() {
        @Override
        public void tenantFinished(long cycleId, TenantResult result) {
            refresh();
        }

        @Override
        public void cycleFinished(CycleResult result) {
            refresh();
        }
    };

    /**
     * @param ui         the JavaFX thread ({@code Runnable::run} in tests)
     * @param background where lookups run
     */
    public PreviewViewModel(ServiceHost host, Executor ui, Executor background, Clock clock) {
        this.host = host;
        this.ui = ui;
        this.background = background;
        this.clock = clock;
        tenant.addListener((obs, was, now) -> {
            chosenTenant = now;
            if (now != null && !now.equals(was)) {
                tenantChanged(now);
            }
        });
    }

    public PreviewViewModel(ConsoleContext context) {
        this(context.host(), context.ui(), context.background(), context.clock());
    }

    /** Starts following the service: its start, each tenant trained. */
    public void start() {
        host.addListener(listener);
        host.onStarted(s -> refresh());
        refresh();
    }

    public void dispose() {
        disposed = true;
        host.removeListener(listener);
    }

    public ObservableList<String> tenants() {
        return tenants;
    }

    /** The tenant previewed; choosing another one repeats the last lookups in it. */
    public ObjectProperty<String> tenantProperty() {
        return tenant;
    }

    /** What keeps the preview from working (service stopped, no model yet); empty when it works. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The chosen tenant's model in one line, or why it has none. */
    public ReadOnlyStringProperty tenantSummaryProperty() {
        return tenantSummary.getReadOnlyProperty();
    }

    /** True when the chosen tenant has a trained model. */
    public ReadOnlyBooleanProperty canPreviewProperty() {
        return canPreview.getReadOnlyProperty();
    }

    /** The user id as typed. */
    public StringProperty userIdProperty() {
        return userId;
    }

    /** The item id as typed. */
    public StringProperty itemIdProperty() {
        return itemId;
    }

    public ReadOnlyObjectProperty<UserPreview> userProperty() {
        return user.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ItemPreview> itemProperty() {
        return item.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty userBusyProperty() {
        return userBusy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty itemBusyProperty() {
        return itemBusy.getReadOnlyProperty();
    }

    /** What the last copy put on the clipboard, in words (how long its signature is good for). */
    public ReadOnlyStringProperty copiedProperty() {
        return copied.getReadOnlyProperty();
    }

    /** Reads the served tenants again and repeats the lookups shown, off the JavaFX thread. */
    public void refresh() {
        if (disposed) {
            return;
        }
        long generation = refreshes.incrementAndGet();
        background.execute(() -> {
            MlService service = host.service();
            ModelRegistry.Snapshot snapshot = service == null ? null : service.registry().snapshot();
            List<String> ids = snapshot == null ? List.of() : List.copyOf(snapshot.tenants().keySet());
            String chosen = chosenTenant != null && ids.contains(chosenTenant) ? chosenTenant
                    : ids.isEmpty() ? null : ids.get(0);
            String summary = summary(snapshot, chosen);
            warm(snapshot, chosen);
            String problem = service == null ? NOT_RUNNING : !snapshot.ready() ? NO_MODEL : "";
            ui.execute(() -> {
                if (generation != refreshes.get()) {
                    return;
                }
                state.set(problem);
                if (!tenants.equals(ids)) {
                    tenants.setAll(ids);
                }
                if (chosen != null && !chosen.equals(tenant.get())) {
                    tenant.set(chosen);
                    return;
                }
                tenantSummary.set(summary);
                canPreview.set(trained(snapshot, chosen));
                repeatLookups();
            });
        });
    }

    /** Looks up the typed user in the chosen tenant. */
    public void showUser() {
        String id = userId.get() == null ? "" : userId.get().trim();
        if (id.isEmpty()) {
            return;
        }
        lastUser = id;
        lookUpUser(id);
    }

    /** Looks up the typed item in the chosen tenant. */
    public void showItem() {
        String id = itemId.get() == null ? "" : itemId.get().trim();
        if (id.isEmpty()) {
            return;
        }
        lastItem = id;
        lookUpItem(id);
    }

    /**
     * Known user ids of the chosen tenant matching what was typed, the typed text itself first (so that choosing
     * the first suggestion, as Enter does, previews what was typed, e.g. a user the model does not know yet);
     * none when nothing matches. Safe on any thread.
     */
    public List<String> userSuggestions(String typed) {
        return currentIndex().map(i -> typedFirst(typed, i.suggestUsers(typed, SUGGESTIONS))).orElse(List.of());
    }

    /** Known item ids of the chosen tenant matching what was typed; see {@link #userSuggestions}. */
    public List<String> itemSuggestions(String typed) {
        return currentIndex().map(i -> typedFirst(typed, i.suggestItems(typed, SUGGESTIONS))).orElse(List.of());
    }

    private static List<String> typedFirst(String typed, List<String> matches) {
        String text = typed == null ? "" : typed.trim();
        if (matches.isEmpty() || matches.get(0).equals(text)) {
            return matches;
        }
        List<String> out = new ArrayList<>(matches.size() + 1);
        out.add(text);
        out.addAll(matches.subList(0, Math.min(matches.size(), SUGGESTIONS - 1)));
        return out;
    }

    /**
     * The signed {@code curl} request for the user shown and the item type, built off the JavaFX thread with the
     * key in force now (the command holds only the key-derived digest); {@code then} gets it on the ui executor,
     * empty when there is nothing to sign.
     */
    public void userItemsCurl(String itemType, Consumer<Optional<String>> then) {
        UserPreview shown = user.get();
        if (shown == null || itemType == null) {
            then.accept(Optional.empty());
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("totara_user_id", shown.userId());
        query.put("item_type", itemType);
        query.put("tenant", shown.tenant());
        query.put("n_items", Integer.toString(shown.itemsPerType()));
        curl("/user-items", query, "user " + shown.userId() + ", " + itemType, then);
    }

    /** The signed {@code curl} request for the item shown; see {@link #userItemsCurl}. */
    public void similarItemsCurl(Consumer<Optional<String>> then) {
        ItemPreview shown = item.get();
        if (shown == null) {
            then.accept(Optional.empty());
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("totara_item_id", shown.requestedId());
        query.put("tenant", shown.tenant());
        query.put("n_items", Integer.toString(shown.n()));
        curl("/similar-items", query, "items similar to " + shown.requestedId(), then);
    }

    private void curl(String path, Map<String, String> query, String what, Consumer<Optional<String>> then) {
        background.execute(() -> {
            MlService service = host.service();
            Secret key = service == null ? null : service.settings().totaraKey();
            Optional<String> command = Optional.empty();
            Instant now = clock.instant();
            if (key != null) {
                command = Optional.of(SignedCurl.command(service.baseUri(), path, query, key.reveal(),
                        now.getEpochSecond()));
            }
            Optional<String> result = command;
            ui.execute(() -> {
                copied.set(result.isEmpty() ? "Nothing to copy: the service is not running."
                        : "Copied the signed request (" + what + "). Its signature is accepted for "
                        + TotaraToken.WINDOW_SECONDS + " s, until "
                        + SECONDS.format(now.plusSeconds(TotaraToken.WINDOW_SECONDS - 1).atZone(ZoneId.systemDefault()))
                        + "; copy again after that.");
                then.accept(result);
            });
        });
    }

    private void tenantChanged(String now) {
        user.set(null);
        item.set(null);
        tenantSummary.set("");
        canPreview.set(false);
        background.execute(() -> {
            MlService service = host.service();
            ModelRegistry.Snapshot snapshot = service == null ? null : service.registry().snapshot();
            String summary = summary(snapshot, now);
            boolean trained = trained(snapshot, now);
            warm(snapshot, now);
            ui.execute(() -> {
                if (now.equals(tenant.get())) {
                    tenantSummary.set(summary);
                    canPreview.set(trained);
                    repeatLookups();
                }
            });
        });
    }

    private void repeatLookups() {
        String u = lastUser;
        if (u != null) {
            lookUpUser(u);
        }
        String i = lastItem;
        if (i != null) {
            lookUpItem(i);
        }
    }

    private void lookUpUser(String id) {
        String in = tenant.get();
        long generation = userRequests.incrementAndGet();
        userBusy.set(true);
        background.execute(() -> {
            UserPreview preview = computeUser(in, id);
            ui.execute(() -> {
                if (generation == userRequests.get()) {
                    user.set(preview);
                    userBusy.set(false);
                }
            });
        });
    }

    private void lookUpItem(String id) {
        String in = tenant.get();
        long generation = itemRequests.incrementAndGet();
        itemBusy.set(true);
        background.execute(() -> {
            ItemPreview preview = computeItem(in, id);
            ui.execute(() -> {
                if (generation == itemRequests.get()) {
                    item.set(preview);
                    itemBusy.set(false);
                }
            });
        });
    }

    private UserPreview computeUser(String in, String id) {
        String t = in == null ? "" : in;
        MlService service = host.service();
        if (service == null) {
            return new UserPreview(t, id, NOT_RUNNING, false, 0, List.of(), List.of(), List.of());
        }
        try {
            return lookup.user(service.registry().snapshot(), rules(service), t, id);
        } catch (RuntimeException e) {
            LOG.warn("The preview of user {} in tenant {} failed", id, t, e);
            return new UserPreview(t, id, "The preview failed: " + e, false, 0, List.of(), List.of(), List.of());
        }
    }

    private ItemPreview computeItem(String in, String id) {
        String t = in == null ? "" : in;
        MlService service = host.service();
        if (service == null) {
            return new ItemPreview(t, id, null, NOT_RUNNING, null, 0, List.of(), false, NOT_RUNNING, 0, List.of());
        }
        try {
            return lookup.item(service.registry().snapshot(), rules(service), t, id);
        } catch (RuntimeException e) {
            LOG.warn("The preview of item {} in tenant {} failed", id, t, e);
            String problem = "The preview failed: " + e;
            return new ItemPreview(t, id, null, problem, null, 0, List.of(), false, problem, 0, List.of());
        }
    }

    /** The API's rules under the settings in force. */
    static Recommendations.Rules rules(MlService service) {
        return RecommendationRules.of(service.settings());
    }

    private Optional<TenantIndex> currentIndex() {
        MlService service = host.service();
        String t = chosenTenant;
        if (service == null || t == null) {
            return Optional.empty();
        }
        return service.registry().snapshot().tenant(t).filter(ModelRegistry.Entry::trained).map(this::index);
    }

    /** The entry's index, built once per model that serves. */
    private TenantIndex index(ModelRegistry.Entry entry) {
        TenantIndex known = indexes.get(entry.tenant());
        if (known != null && known.entry() == entry) {
            return known;
        }
        TenantIndex built = TenantIndex.of(entry);
        indexes.put(entry.tenant(), built);
        return built;
    }

    private void warm(ModelRegistry.Snapshot snapshot, String t) {
        if (snapshot != null && t != null) {
            snapshot.tenant(t).filter(ModelRegistry.Entry::trained).ifPresent(this::index);
        }
    }

    private static boolean trained(ModelRegistry.Snapshot snapshot, String t) {
        return snapshot != null && t != null && snapshot.tenant(t).map(ModelRegistry.Entry::trained).orElse(false);
    }

    private String summary(ModelRegistry.Snapshot snapshot, String t) {
        if (snapshot == null || t == null) {
            return "";
        }
        Optional<ModelRegistry.Entry> found = snapshot.tenant(t);
        if (found.isEmpty()) {
            return Recommendations.NO_SUCH_TENANT;
        }
        ModelRegistry.Entry entry = found.get();
        if (!entry.trained()) {
            return entry.message() != null ? entry.message() : Recommendations.notTrained(t);
        }
        TenantModel model = entry.model();
        List<String> parts = new ArrayList<>();
        parts.add(Formats.count(model.userIds().size()) + " users");
        parts.add(Formats.count(model.itemIds().size()) + " items");
        parts.add(Formats.count(model.interactions().size()) + " interactions");
        if (model.report() != null) {
            parts.add(model.report().algorithm());
        }
        parts.add("serving since " + Formats.dateTime(entry.since(), clock));
        return String.join(" · ", parts);
    }
}
