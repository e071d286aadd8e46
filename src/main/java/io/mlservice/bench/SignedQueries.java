package io.mlservice.bench;

import io.mlservice.model.TenantModel;
import io.mlservice.totara.TotaraToken;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** The random queries benchmark clients send, signed like Totara signs them. */
final class SignedQueries {
    private static final String TENANT = "0";

    final URI base;
    private final List<String> users;
    private final List<String> itemIds;
    private final List<String> types;
    private final String key;

    SignedQueries(URI base, TenantModel model, String key) {
        this.base = base;
        this.users = model.userIds();
        this.itemIds = model.itemIds();
        this.types = model.itemTypes().stream().distinct().toList();
        this.key = key;
    }

    /** The request as Totara's client sends it, signed for the current second. */
    byte[] next(Endpoint endpoint, SplittableRandom random) {
        String query = endpoint == Endpoint.USER_ITEMS
                ? "/user-items?totara_user_id=" + encode(pick(users, random)) + "&item_type="
                + encode(pick(types, random)) + "&tenant=" + TENANT + "&n_items=25"
                : "/similar-items?totara_item_id=" + encode(pick(itemIds, random)) + "&tenant=" + TENANT
                + "&n_items=15";
        StringBuilder request = new StringBuilder("GET " + query + " HTTP/1.1\r\nHost: " + base.getHost()
                + ":" + base.getPort() + "\r\n");
        TotaraToken.signedHeaders(key, System.currentTimeMillis() / 1000)
                .forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("Accept: application/json\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String pick(List<String> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
