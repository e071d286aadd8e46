/**
 * The HTTP API Totara calls (contract sections 2 and 3), on embedded Jetty 12 core handlers.
 *
 * <pre>
 * GracefulHandler                    lets requests in flight finish when stopping
 *  └ StatisticsHandler               requests active
 *     └ ContextHandler "/"
 *        └ PathMappingsHandler
 *           ├ ""             HomePage           no signature
 *           ├ /favicon.ico   Favicon            no signature
 *           └ /              SignatureCheck     401 "Invalid access" unless signed by Totara
 *                             └ QoSHandler      bounds concurrent /user-items and /similar-items
 *                                └ PathMappingsHandler
 *                                   ├ /health-check   HealthCheckRoute
 *                                   ├ /user-items     UserItemsRoute
 *                                   ├ /similar-items  SimilarItemsRoute
 *                                   └ /               NotFound (404)
 * </pre>
 *
 * <p>Choices where the contract leaves room: a missing {@code n_items} means Totara's defaults (25 user items, 15
 * similar items), a present but unusable one is a 400, and any value is capped at {@code ML_MAX_ITEMS}; every other
 * missing parameter is a 400 naming it. {@code /health-check} succeeds when Totara answers (or the service trains
 * from a folder) and {@code train_summary.log} exists; having no model is reported, not a failure. Logical failures
 * are HTTP 200 {@code success: false} with the contract's messages; HTTP errors are
 * {@code {"error": "true", "msg": "..."}}, including those Jetty answers itself ({@link JsonErrorHandler}).
 * {@link ApiMetrics} counts the signed endpoints per minute, and refused requests as {@code unauthorised}; each
 * request it counts is also told to its {@link RequestObserver} (the operator's {@code /metrics}, when on).
 */
package io.mlservice.api;
