/**
 * What the service remembers: {@link io.mlservice.history.History} (SQLite: cycles, tenants, epochs, fetches, API
 * minutes; its tables in {@code HistorySchema}, its connection in {@code HistoryDatabase}), the rows it stores and
 * returns, and {@code train_summary.log} ({@link io.mlservice.history.TrainSummaryLog}).
 */
package io.mlservice.history;
