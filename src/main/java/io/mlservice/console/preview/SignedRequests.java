package io.mlservice.console.preview;

import io.mlservice.config.Secret;
import io.mlservice.console.BackgroundTasks;
import io.mlservice.console.RunningService;
import io.mlservice.console.ServiceAccess;
import io.mlservice.totara.TotaraToken;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The preview's "copy as curl": the API request behind what the page shows, signed with the key in force now (the
 * command holds only the key-derived digest), and what the copy put on the clipboard in words.
 */
public final class SignedRequests {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final ServiceAccess service;
    private final BackgroundTasks tasks;
    private final Clock clock;
    private final ReadOnlyStringWrapper copied = new ReadOnlyStringWrapper(this, "copied", "");

    SignedRequests(ServiceAccess service, BackgroundTasks tasks, Clock clock) {
        this.service = service;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** What the last copy put on the clipboard, in words (how long its signature is good for). */
    public ReadOnlyStringProperty copiedProperty() {
        return copied.getReadOnlyProperty();
    }

    /**
     * The signed {@code curl} request for the user shown and the item type, built off the JavaFX thread; {@code then}
     * gets it on the ui executor, empty when there is nothing to sign.
     */
    void userItems(UserPreview shown, String itemType, Consumer<Optional<String>> then) {
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

    /** The signed {@code curl} request for the item shown; see {@link #userItems}. */
    void similarItems(ItemPreview shown, Consumer<Optional<String>> then) {
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

    private record Signed(Optional<String> command, Instant at) {
    }

    private void curl(String path, Map<String, String> query, String what, Consumer<Optional<String>> then) {
        tasks.task(() -> {
                    Instant now = clock.instant();
                    Optional<RunningService> current = service.current();
                    Secret key = current.map(s -> s.settings().totaraKey()).orElse(null);
                    if (key == null) {
                        return new Signed(Optional.empty(), now);
                    }
                    return new Signed(Optional.of(SignedCurl.command(current.get().baseUri(), path, query,
                            key.reveal(), now.getEpochSecond())), now);
                })
                .onSuccess(signed -> {
                    copied.set(signed.command().isEmpty() ? "Nothing to copy: the service is not running."
                            : "Copied the signed request (" + what + "). Its signature is accepted for "
                            + TotaraToken.WINDOW_SECONDS + " s, until " + SECONDS.format(signed.at()
                            .plusSeconds(TotaraToken.WINDOW_SECONDS - 1).atZone(ZoneId.systemDefault()))
                            + "; copy again after that.");
                    then.accept(signed.command());
                })
                .start();
    }
}
