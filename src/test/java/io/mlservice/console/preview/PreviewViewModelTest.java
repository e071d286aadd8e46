package io.mlservice.console.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlservice.config.Setting;
import io.mlservice.console.ConsoleFixture;
import io.mlservice.console.DirectContext;
import io.mlservice.console.ServiceHost;
import io.mlservice.history.CycleOutcome;
import io.mlservice.model.TenantModel;
import io.mlservice.service.CycleResult;
import io.mlservice.service.MlService;
import io.mlservice.service.ServiceListener;
import io.mlservice.service.SignedClient;
import io.mlservice.totara.TotaraToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview against the real service on the demo data: every list it shows is what a signed request to the
 * running API answers. No toolkit: the ui and background executors run tasks directly.
 */
class PreviewViewModelTest {
    private static final String TENANT = "0";
    @TempDir
    static Path dir;
    static ServiceHost host;
    static MlService service;
    static SignedClient client;
    static String key;
    PreviewViewModel preview;

    @BeforeAll
    static void startAndTrain() throws Exception {
        host = ConsoleFixture.freshHost(dir);
        CountDownLatch trained = new CountDownLatch(1);
        AtomicReference<CycleResult> cycle = new AtomicReference<>();
        host.addListener(new ServiceListener() {
            @Override
            public void cycleFinished(CycleResult result) {
                cycle.set(result);
                trained.countDown();
            }
        });
        service = host.start(line -> { });
        assertThat(trained.await(120, TimeUnit.SECONDS)).as("the first training finished").isTrue();
        assertThat(cycle.get().outcome()).isEqualTo(CycleOutcome.OK);
        key = service.settings().totaraKey().reveal();
        client = new SignedClient(service.baseUri(), key);
    }

    @AfterAll
    static void stop() {
        host.stop();
    }

    @BeforeEach
    void openPreview() {
        preview = new PreviewViewModel(DirectContext.of(host));
        preview.refresh();
    }

    @AfterEach
    void closePreview() throws Exception {
        preview.close();
        host.apply(Map.of(Setting.COLD_START.variable(), "", Setting.SEEN_RULE.variable(), ""));
    }

    @Test
    void choosesTheServedTenantAndSummarisesItsModel() {
        assertThat(preview.tenants()).containsExactly(TENANT);
        assertThat(preview.tenantProperty().get()).isEqualTo(TENANT);
        assertThat(preview.stateProperty().get()).isEmpty();
        assertThat(preview.canPreviewProperty().get()).isTrue();
        assertThat(preview.tenantSummaryProperty().get()).contains("1,000 users").contains("500 items");
    }

    @Test
    void everyUserListEqualsTheSignedUserItemsAnswer() throws Exception {
        int lists = 0;
        for (String user : someUsers()) {
            UserPreview shown = showUser(user);
            assertThat(shown.known()).isTrue();
            assertThat(shown.itemsPerType()).isEqualTo(25);
            assertThat(shown.answers()).extracting(UserPreview.TypeAnswer::itemType)
                    .containsAll(TenantIndex.CONTRACT_TYPES);
            for (UserPreview.TypeAnswer answer : shown.answers()) {
                assertSameAsApi(answer, userItems(user, answer.itemType()));
                lists += answer.items().isEmpty() ? 0 : 1;
                for (UserPreview.Recommendation r : answer.items()) {
                    assertThat(r.explanation()).as("reasons for %s", r.itemId()).isNotNull();
                    assertThat(r.why()).isNotBlank();
                }
            }
            assertThat(shown.history()).isNotEmpty();
            assertThat(shown.profile()).extracting(UserPreview.ProfileGroup::name).contains("Language");
        }
        assertThat(lists).isGreaterThanOrEqualTo(3 * 5);
    }

    @Test
    void reasonsNameTheUsersNearestItemsAndWhatTheyShare() {
        UserPreview shown = showUser(someUsers().get(0));
        List<UserPreview.Recommendation> all = shown.answers().stream().flatMap(a -> a.items().stream()).toList();
        assertThat(all).isNotEmpty();
        List<String> interacted = shown.history().stream().map(UserPreview.Interaction::itemId).toList();
        assertThat(all).allSatisfy(r -> assertThat(r.explanation().similarInteracted())
                .allSatisfy(s -> assertThat(interacted).contains(s.itemId())));
        assertThat(all).anySatisfy(r -> assertThat(r.why()).contains("Near "));
        assertThat(all).anySatisfy(r -> assertThat(r.explanation().sharedFeatures()).isNotEmpty());
    }

    @Test
    void theOriginalSeenRuleShowsWhatItRanksDownAsTheApiDoes() throws Exception {
        host.apply(Map.of(Setting.SEEN_RULE.variable(), "original"));
        preview.refresh();
        int rankedDown = 0;
        for (String user : someUsers()) {
            UserPreview shown = showUser(user);
            for (UserPreview.TypeAnswer answer : shown.answers()) {
                assertSameAsApi(answer, userItems(user, answer.itemType()));
                for (UserPreview.Recommendation r : answer.items()) {
                    if (r.rankedDown()) {
                        rankedDown++;
                        assertThat(shown.history()).anySatisfy(i -> {
                            assertThat(i.itemId()).isEqualTo(r.itemId());
                            assertThat(i.repeated()).isTrue();
                        });
                        assertThat(r.why()).startsWith("Already seen");
                    }
                }
            }
        }
        assertThat(rankedDown).as("items ranked down as already seen").isPositive();
    }

    @Test
    void anUnknownUserGetsTheColdStartListTheApiAnswers() throws Exception {
        UserPreview shown = showUser("99999999");
        assertThat(shown.known()).isFalse();
        assertThat(shown.problem()).isNull();
        for (UserPreview.TypeAnswer answer : shown.answers()) {
            assertSameAsApi(answer, userItems("99999999", answer.itemType()));
            assertThat(answer.coldStart()).isTrue();
            assertThat(answer.items()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.why()).startsWith("Popular"));
        }

        host.apply(Map.of(Setting.COLD_START.variable(), "false"));
        preview.refresh();
        UserPreview strict = preview.userProperty().get();
        assertThat(strict.answers()).allSatisfy(a -> {
            assertThat(a.success()).isFalse();
            assertThat(a.message()).isEqualTo("Bad request: no such user id");
        });
        assertSameAsApi(strict.answers().get(0), userItems("99999999", strict.answers().get(0).itemType()));
    }

    @Test
    void similarItemsEqualTheSignedSimilarItemsAnswer() throws Exception {
        TenantModel model = model();
        List<String> items = new ArrayList<>();
        for (String type : TenantIndex.CONTRACT_TYPES) {
            int first = model.itemTypes().indexOf(type);
            if (first >= 0) {
                items.add(model.itemIds().get(first));
                items.add(model.itemIds().get(model.itemTypes().lastIndexOf(type)));
            }
        }
        assertThat(items).hasSizeGreaterThanOrEqualTo(6);
        items.add("engage_article99999999");
        for (String id : items) {
            preview.itemIdProperty().set(id);
            preview.showItem();
            ItemPreview shown = preview.itemProperty().get();
            assertThat(shown.requestedId()).isEqualTo(id);
            JsonNode api = client.get("/similar-items?totara_item_id=" + id + "&tenant=" + TENANT).json();
            assertThat(shown.success()).isEqualTo(api.get("success").asBoolean());
            assertThat(shown.items().stream().map(s -> List.of(s.numericId(), s.score())).toList())
                    .isEqualTo(pairs(api));
            if (shown.success()) {
                assertThat(shown.items()).hasSize(15)
                        .allSatisfy(s -> assertThat(s.itemType()).isEqualTo(shown.itemType()));
                assertThat(shown.features()).isNotEmpty();
            } else {
                assertThat(shown.message()).isEqualTo(api.get("message").asText());
            }
        }
    }

    @Test
    void suggestsKnownIdsWhileTyping() {
        String known = model().userIds().get(0);
        List<String> users = preview.userSuggestions(known);
        assertThat(users).hasSize(PreviewViewModel.SUGGESTIONS)
                .allSatisfy(u -> assertThat(u).contains(known));
        assertThat(users.get(0)).isEqualTo(known);
        assertThat(users.get(1)).startsWith(known);
        assertThat(model().userIds()).containsAll(users);

        String item = model().itemIds().get(0);
        assertThat(preview.itemSuggestions(item)).first().isEqualTo(item);
        assertThat(preview.itemSuggestions("zzz-not-an-id")).isEmpty();
        List<String> partial = preview.itemSuggestions("engage_");
        assertThat(partial).hasSize(PreviewViewModel.SUGGESTIONS).first().isEqualTo("engage_");
        assertThat(partial.subList(1, partial.size())).allSatisfy(i -> assertThat(model().itemIds()).contains(i));
    }

    @Test
    void theCopiedCurlCommandIsSignedWithoutTheKeyAndAnswersLikeTheApi() throws Exception {
        String user = someUsers().get(1);
        UserPreview shown = showUser(user);
        AtomicReference<Optional<String>> copied = new AtomicReference<>();
        preview.userItemsCurl("engage_article", copied::set);
        String command = copied.get().orElseThrow();

        assertThat(command).doesNotContain(key).startsWith("curl ")
                .contains("-A \"TotaraBot/1.0\"")
                .contains("totara_user_id=" + user + "&item_type=engage_article&tenant=0&n_items=25");
        Matcher time = Pattern.compile("-H \"X-Totara-Time: (\\d+)\"").matcher(command);
        assertThat(time.find()).isTrue();
        assertThat(command).contains("-H \"X-Totara-Ml-Key: " + TotaraToken.sign(time.group(1), key) + "\"");
        assertThat(preview.requests().copiedProperty().get()).contains("30 s");

        JsonNode answer = run(command);
        assertSameAsApi(shown.answer("engage_article").orElseThrow(), answer);

        preview.itemIdProperty().set(model().itemIds().get(0));
        preview.showItem();
        preview.similarItemsCurl(copied::set);
        assertThat(run(copied.get().orElseThrow()).get("success").asBoolean()).isTrue();
    }

    @Test
    void withoutARunningServiceThePreviewSaysSo() {
        ServiceHost stopped = ConsoleFixture.freshHost(dir.resolve("stopped"));
        PreviewViewModel idle = new PreviewViewModel(DirectContext.of(stopped));
        idle.refresh();
        assertThat(idle.stateProperty().get()).isEqualTo(PreviewViewModel.NOT_RUNNING);
        assertThat(idle.tenants()).isEmpty();
        assertThat(idle.canPreviewProperty().get()).isFalse();
        idle.userIdProperty().set("1");
        idle.showUser();
        assertThat(idle.userProperty().get().problem()).isEqualTo(PreviewViewModel.NOT_RUNNING);
        AtomicReference<Optional<String>> copied = new AtomicReference<>();
        idle.userItemsCurl("engage_article", copied::set);
        assertThat(copied.get()).isEmpty();
        idle.close();
    }

    private UserPreview showUser(String user) {
        preview.userIdProperty().set(" " + user + " ");
        preview.showUser();
        UserPreview shown = preview.userProperty().get();
        assertThat(shown.userId()).isEqualTo(user);
        assertThat(preview.userBusyProperty().get()).isFalse();
        return shown;
    }

    /** A few users with interactions: the first, the most active, one from the middle. */
    private static List<String> someUsers() {
        TenantModel model = model();
        var byUser = model.interactions().byUser();
        int most = 0;
        for (int u = 0; u < model.userIds().size(); u++) {
            most = byUser.count(u) > byUser.count(most) ? u : most;
        }
        int middle = model.userIds().size() / 2;
        while (byUser.count(middle) == 0) {
            middle++;
        }
        int first = 0;
        while (byUser.count(first) == 0) {
            first++;
        }
        return List.of(model.userIds().get(first), model.userIds().get(most), model.userIds().get(middle));
    }

    private static TenantModel model() {
        return service.registry().snapshot().tenant(TENANT).orElseThrow().model();
    }

    private static JsonNode userItems(String user, String itemType) throws Exception {
        SignedClient.Answer answer = client.get("/user-items?totara_user_id="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&item_type=" + itemType + "&tenant=" + TENANT);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private static void assertSameAsApi(UserPreview.TypeAnswer shown, JsonNode api) {
        assertThat(shown.success()).as("success of %s", shown.itemType()).isEqualTo(api.get("success").asBoolean());
        if (shown.success()) {
            assertThat(shown.items().stream().map(r -> List.of(r.numericId(), r.score())).toList())
                    .as("list of %s", shown.itemType()).isEqualTo(pairs(api));
        } else {
            assertThat(shown.message()).isEqualTo(api.get("message").asText());
        }
    }

    private static List<List<String>> pairs(JsonNode body) {
        List<List<String>> out = new ArrayList<>();
        body.get("items").forEach(p -> out.add(List.of(p.get(0).asText(), p.get(1).asText())));
        return out;
    }

    /** Sends the request a copied command describes, as curl would. */
    private static JsonNode run(String command) throws Exception {
        Matcher header = Pattern.compile("-H \"([^:]+): ([^\"]*)\"").matcher(command);
        Map<String, String> headers = new HashMap<>();
        while (header.find()) {
            headers.put(header.group(1), header.group(2));
        }
        Matcher agent = Pattern.compile("-A \"([^\"]*)\"").matcher(command);
        assertThat(agent.find()).isTrue();
        Matcher url = Pattern.compile("\"(http://[^\"]+)\"").matcher(command);
        assertThat(url.find()).isTrue();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.group(1))).header("User-Agent",
                agent.group(1));
        headers.forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new SignedClient.Answer(response.statusCode(), response.body()).json();
    }
}
