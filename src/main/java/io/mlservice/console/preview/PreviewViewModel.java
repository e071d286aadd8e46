package io.mlservice.console.preview;

import io.mlservice.api.RecommendationRules;
import io.mlservice.config.ServiceSettings;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.ConsoleContext;
import io.mlservice.console.Formats;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.model.TenantModel;
import io.mlservice.service.CycleResult;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.TenantResult;
import io.mlservice.serving.ModelRegistry;
import io.mlservice.serving.Recommendations;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Preview page's state: the served tenants, the chosen one, and the user and item looked up in it, computed
 * off the JavaFX thread from the registry snapshot and the settings at that moment, with the API's own code
 * ({@link Recommendations}). A new model or a settings change shows after {@link #refresh()} (called when a tenant
 * finishes training and when the page is shown). Properties change only on the {@code ui} executor.
 */
public final class PreviewViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewViewModel.class);
    /** Suggestions offered while typing an id. */
    static final int SUGGESTIONS = 12;
    static final String NOT_RUNNING = "The service is not running yet: the preview needs its models.";
    static final String NO_MODEL = "No model yet: the first training is under way.";

    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final Clock clock;
    private final TenantIndexes indexes = new TenantIndexes();
    private final PreviewLookup lookup = new PreviewLookup(indexes::of);
    private final SignedRequests requests;

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

    private final BackgroundTasks.Latest userLookups = new BackgroundTasks.Latest();
    private final BackgroundTasks.Latest itemLookups = new BackgroundTasks.Latest();
    private final BackgroundTasks.Latest refreshes = new BackgroundTasks.Latest();
    /** Mirrors of state read off the JavaFX thread (suggestions, lookups). */
    private volatile String chosenTenant;
    private volatile String lastUser;
    private volatile String lastItem;
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

    /** Follows the service from here on: its start, each tenant trained. */
    public PreviewViewModel(ConsoleContext context) {
        this.service = context.service();
        this.tasks = context.tasks();
        this.clock = context.clock();
        this.requests = new SignedRequests(service, tasks, clock);
        tenant.addListener((obs, was, now) -> {
            chosenTenant = now;
            if (now != null && !now.equals(was)) {
                tenantChanged(now);
            }
        });
        service.addListener(listener);
        service.onStarted(s -> refresh());
    }

    @Override
    public void close() {
        tasks.close();
        service.removeListener(listener);
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

    /** The signed API requests behind what is shown, for the clipboard. */
    public SignedRequests requests() {
        return requests;
    }

    /** Reads the served tenants again and repeats the lookups shown, off the JavaFX thread. */
    public void refresh() {
        tasks.task(this::readTenants).latestOf(refreshes).onSuccess(this::showTenants).start();
    }

    /** What a refresh read: the served tenants, the one to choose, its summary. */
    private record Tenants(List<String> ids, String chosen, String summary, boolean trained, String problem) {
    }

    private Tenants readTenants() {
        Optional<RunningService> current = service.current();
        ModelRegistry.Snapshot snapshot = current.map(RunningService::models).orElse(null);
        List<String> ids = snapshot == null ? List.of() : List.copyOf(snapshot.tenants().keySet());
        String chosen = chosenTenant != null && ids.contains(chosenTenant) ? chosenTenant
                : ids.isEmpty() ? null : ids.get(0);
        indexes.warm(snapshot, chosen);
        String problem = snapshot == null ? NOT_RUNNING : !snapshot.ready() ? NO_MODEL : "";
        return new Tenants(ids, chosen, summary(snapshot, chosen), trained(snapshot, chosen), problem);
    }

    private void showTenants(Tenants read) {
        state.set(read.problem());
        if (!tenants.equals(read.ids())) {
            tenants.setAll(read.ids());
        }
        if (read.chosen() != null && !read.chosen().equals(tenant.get())) {
            tenant.set(read.chosen());
            return;
        }
        tenantSummary.set(read.summary());
        canPreview.set(read.trained());
        repeatLookups();
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

    /** The signed {@code curl} request for the user shown and the item type; empty when nothing to sign. */
    public void userItemsCurl(String itemType, Consumer<Optional<String>> then) {
        requests.userItems(user.get(), itemType, then);
    }

    /** The signed {@code curl} request for the item shown; see {@link #userItemsCurl}. */
    public void similarItemsCurl(Consumer<Optional<String>> then) {
        requests.similarItems(item.get(), then);
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

    private void tenantChanged(String now) {
        user.set(null);
        item.set(null);
        tenantSummary.set("");
        canPreview.set(false);
        tasks.task(() -> {
                    ModelRegistry.Snapshot snapshot = service.current().map(RunningService::models).orElse(null);
                    indexes.warm(snapshot, now);
                    return new Tenants(List.of(), now, summary(snapshot, now), trained(snapshot, now), "");
                })
                .onSuccess(read -> {
                    if (now.equals(tenant.get())) {
                        tenantSummary.set(read.summary());
                        canPreview.set(read.trained());
                        repeatLookups();
                    }
                })
                .start();
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
        userBusy.set(true);
        tasks.task(() -> computeUser(in, id)).latestOf(userLookups).onSuccess(preview -> {
            user.set(preview);
            userBusy.set(false);
        }).start();
    }

    private void lookUpItem(String id) {
        String in = tenant.get();
        itemBusy.set(true);
        tasks.task(() -> computeItem(in, id)).latestOf(itemLookups).onSuccess(preview -> {
            item.set(preview);
            itemBusy.set(false);
        }).start();
    }

    private UserPreview computeUser(String in, String id) {
        String t = in == null ? "" : in;
        Optional<RunningService> current = service.current();
        if (current.isEmpty()) {
            return new UserPreview(t, id, NOT_RUNNING, false, 0, List.of(), List.of(), List.of());
        }
        try {
            return lookup.user(current.get().models(), rules(current.get().settings()), t, id);
        } catch (RuntimeException e) {
            LOG.warn("The preview of user {} in tenant {} failed", id, t, e);
            return new UserPreview(t, id, "The preview failed: " + e, false, 0, List.of(), List.of(), List.of());
        }
    }

    private ItemPreview computeItem(String in, String id) {
        String t = in == null ? "" : in;
        Optional<RunningService> current = service.current();
        if (current.isEmpty()) {
            return new ItemPreview(t, id, null, NOT_RUNNING, null, 0, List.of(), false, NOT_RUNNING, 0, List.of());
        }
        try {
            return lookup.item(current.get().models(), rules(current.get().settings()), t, id);
        } catch (RuntimeException e) {
            LOG.warn("The preview of item {} in tenant {} failed", id, t, e);
            String problem = "The preview failed: " + e;
            return new ItemPreview(t, id, null, problem, null, 0, List.of(), false, problem, 0, List.of());
        }
    }

    /** The API's rules under the settings in force. */
    static Recommendations.Rules rules(ServiceSettings s) {
        return RecommendationRules.of(s);
    }

    private Optional<TenantIndex> currentIndex() {
        String t = chosenTenant;
        if (t == null) {
            return Optional.empty();
        }
        return service.current().flatMap(s -> s.models().tenant(t)).filter(ModelRegistry.Entry::trained)
                .map(indexes::of);
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
