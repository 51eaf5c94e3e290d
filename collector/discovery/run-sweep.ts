import type { Clock } from '../../correlator/clock/clock.js';
import type { DiscoveryMetrics } from './discovery-metrics.js';
import type { DiscoveryJob, DiscoveryLog } from './discovery-scheduler.js';

/** How a sweep ended, as `vigil_discovery_sweeps_total` counts it. */
export type SweepOutcome = 'completed' | 'failed' | 'cancelled';

/** What a sweep runner adds to the common outcome handling. */
export interface SweepRunOptions {
  /** Extra fields of the "started" log line (the slot of a leased sweep). */
  startFields?: object;
  /** Why a cancelled sweep was cancelled, for its log line (`by shutdown`). */
  cancelledWhy: () => string;
  /** What a cancelled sweep's log line says after the reason (default `nothing written`). */
  cancelledNote?: string;
  /** An error that means "cancelled" rather than "failed" (the lease fence's refusal). */
  cancels?: (error: unknown) => boolean;
}

/**
 * Runs one sweep and records how it ended, the same way for `vigil run`'s scheduler and the lease
 * holder of `vigil server`: its duration, the outcome counter, the devices found, and one log
 * line each for start and end. A sweep whose signal was aborted counts as cancelled (it wrote
 * nothing more), a thrown error as failed (it runs again at its next start).
 */
export async function runSweep(
  job: DiscoveryJob,
  signal: AbortSignal,
  deps: { clock: Clock; log: DiscoveryLog; metrics: DiscoveryMetrics },
  options: SweepRunOptions,
): Promise<SweepOutcome> {
  const { clock, log, metrics } = deps;
  const started = clock.now();
  const cancelled = (): SweepOutcome => {
    metrics.sweeps.inc({ job: job.name, outcome: 'cancelled' });
    log.info(
      { job: job.name },
      `discovery sweep cancelled ${options.cancelledWhy()}; ${options.cancelledNote ?? 'nothing written'}`,
    );
    return 'cancelled';
  };
  log.info({ job: job.name, ...options.startFields }, 'discovery sweep started');
  try {
    const summary = await job.sweep(signal);
    const seconds = (clock.now() - started) / 1000;
    metrics.duration.observe({ job: job.name }, seconds);
    if (signal.aborted) return cancelled();
    metrics.sweeps.inc({ job: job.name, outcome: 'completed' });
    metrics.devices.set({ job: job.name }, summary.found);
    log.info({ job: job.name, ...summary, seconds }, 'discovery sweep finished');
    return 'completed';
  } catch (error) {
    if (signal.aborted || options.cancels?.(error)) return cancelled();
    metrics.sweeps.inc({ job: job.name, outcome: 'failed' });
    const e = error as { code?: string; message?: string } | null;
    log.warn(
      { job: job.name, code: e?.code, error: e?.message ?? String(error) },
      'discovery sweep failed; it runs again at its next start',
    );
    return 'failed';
  }
}
