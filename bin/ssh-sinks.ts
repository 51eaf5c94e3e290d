import type { Logger } from 'pino';
import type { HostMonitorSinks } from '../agent/host-monitor-types.js';
import type { Correlator } from '../correlator/correlator.js';

/**
 * Where the SSH monitors of `vigil run` deliver: events into the pipeline, inventories into the
 * CMDB, and per cycle the probe metrics (`probe="ssh"`) and the target's liveness: a cycle whose
 * health script could not run (no connection, login or script failure) is a failed check, and
 * `downAfterFailures` of them in a row make the CI down from the first. Errors are logged with the
 * target, never with credentials.
 */
export function sshSinks(
  correlator: Pick<Correlator, 'pipeline' | 'cmdb' | 'metrics' | 'liveness'>,
  logger: Logger,
  liveness: { staleAfterMs: number; downAfterFailures: number },
): (target: { address: string; resource: () => string }) => HostMonitorSinks {
  const { pipeline, cmdb, metrics } = correlator;
  return ({ address, resource }) => ({
    onEvents: async (events) => {
      await pipeline.ingest(events);
    },
    onObservations: async (batch) => {
      const result = await cmdb.observe(batch);
      logger.debug(
        { target: address, created: result.created, updated: result.updated },
        'ssh inventory reconciled',
      );
    },
    onCycle: (report) => {
      metrics.probeDuration.observe({ probe: 'ssh' }, report.durationMs / 1000);
      for (const error of report.errors) {
        metrics.probeErrors.inc({
          probe: 'ssh',
          call: error.call.startsWith('ssh:check:') ? 'ssh:check' : error.call,
        });
        logger.warn(
          { target: address, call: error.call, error: error.error },
          'ssh probe step failed; check the target, its credential and ssh.knownHosts',
        );
      }
      const ok = !report.errors.some((e) => e.call === 'ssh:health' || e.call === 'fast');
      // Keyed by address: the resource is the address until the first inventory names the host.
      correlator.liveness.poll({ name: resource(), ciClass: 'host', key: `ssh:${address}` }, ok, {
        at: report.startedAt,
        ...liveness,
      });
    },
  });
}
