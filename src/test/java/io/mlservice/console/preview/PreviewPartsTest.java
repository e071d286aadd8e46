package io.mlservice.console.preview;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The preview's small parts: id suggestions and the signed curl command. */
class PreviewPartsTest {

    @Test
    void idsSortNaturallyByTextThenNumber() {
        List<String> ids = List.of("engage_article10", "container_course3", "engage_article2", "12", "3");
        assertThat(ids.stream().sorted(TenantIndex.NATURAL).toList())
                .containsExactly("3", "12", "container_course3", "engage_article2", "engage_article10");
    }

    @Test
    void suggestionsPutTheIdItselfThenPrefixesThenOtherMatches() {
        List<String> sorted = List.of("1", "2", "12", "21", "112", "210").stream().sorted(TenantIndex.NATURAL)
                .toList();
        assertThat(TenantIndex.suggest(sorted, "21", 10)).containsExactly("21", "210");
        assertThat(TenantIndex.suggest(sorted, "2", 10)).containsExactly("2", "21", "210", "12", "112");
        assertThat(TenantIndex.suggest(sorted, "2", 2)).containsExactly("2", "21");
        assertThat(TenantIndex.suggest(sorted, " ", 10)).isEmpty();
        assertThat(TenantIndex.suggest(List.of("engage_article7"), "ARTICLE", 10)).containsExactly("engage_article7");
    }

    @Test
    void theCurlCommandCarriesTheContractsSignatureAndNoKey() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("totara_user_id", "42");
        query.put("item_type", "engage_article");
        query.put("tenant", "0");
        query.put("n_items", "25");

        String command = SignedCurl.command(URI.create("http://127.0.0.1:5000/"), "/user-items", query, "abc123",
                123456);

        assertThat(command).isEqualTo("curl -sS -A \"TotaraBot/1.0\" -H \"X-Totara-Time: 123456\""
                + " -H \"X-Totara-Ml-Key: a44934344c553000cb198d77cae685d33563617a01b17dc60d45a5557ad9c21d\""
                + " \"http://127.0.0.1:5000/user-items?totara_user_id=42&item_type=engage_article&tenant=0&n_items=25\"");
        assertThat(command).doesNotContain("abc123");
    }

    @Test
    void curlParametersAreEncoded() {
        String command = SignedCurl.command(URI.create("http://[::1]:5000/"), "/similar-items",
                Map.of("totara_item_id", "a&b c"), "k", 1);
        assertThat(command).contains("\"http://[::1]:5000/similar-items?totara_item_id=a%26b+c\"");
    }
}
