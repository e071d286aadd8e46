package io.mlservice.bench;

/** Which query a benchmark client sends. */
enum Endpoint {
    USER_ITEMS("/user-items"),
    SIMILAR_ITEMS("/similar-items");

    final String path;

    Endpoint(String path) {
        this.path = path;
    }

    /** The other endpoint, which warming up mixes in. */
    Endpoint other() {
        return this == USER_ITEMS ? SIMILAR_ITEMS : USER_ITEMS;
    }
}
