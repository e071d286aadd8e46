/**
 * The running service: {@link io.mlservice.service.MlService} puts the parts together and runs their lifecycle
 * (start, apply, train now, cancel, stop); each part has one thing to decide.
 *
 * <pre>
 * MlService ── TrainingSchedule    when the next cycle is due: interval or daily time, retries after failures
 *    │                             and after a crash mid-cycle
 *    │      ── ModelRestore        at a start: the newest model file of the configured source, tenants last
 *    │                             found with too little data
 *    │      ── Housekeeping        API minutes into the history, daily prune
 *    │      ── LiveServiceStatus   what the home page and /health-check show (Totara's status: TotaraStatusWatch)
 *    └── training thread ──> CycleRunner (records the cycle: history, listeners, train_summary.log; any
 *                               Throwable ends the cycle as failed, never the schedule)
 *                               └── TrainingCycle: export (service.export) ──> ExportTraining ──> floor ──> save ──> swap
 * </pre>
 */
package io.mlservice.service;
