import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CycleReport } from '../agent/host-monitor-types.js';
import { ManualClock } from '../correlator/clock/clock.js';
import type { Cmdb } from '../correlator/cmdb/cmdb.js';
import { Liveness } from '../correlator/cmdb/liveness.js';
import { createVigilMetrics } from '../correlator/metrics/vigil-metrics.js';
import type { Pipeline } from '../correlator/pipeline/pipeline.js';
import { sshSinks } from './ssh-sinks.js';

const M = 60_000;
const subject = { name: 'web-01', ciClass: 'host', key: 'ssh:127.6.2.1:22' };

describe('sshSinks liveness', () => {
  it('a target whose health check cannot run 3 cycles in a row goes down from the first, and up at the next good one', async () => {
    const clock = new ManualClock();
    const liveness = new Liveness(clock);
    const registry = new Registry();
    const metrics = createVigilMetrics(registry);
    const sinks = sshSinks(
      { pipeline: {} as Pipeline, cmdb: {} as Cmdb, metrics, liveness },
      pino({ level: 'silent' }),
      { staleAfterMs: 5 * M, downAfterFailures: 3 },
    )({ address: '127.6.2.1:22', resource: () => resource });
    // Named by its address until the first inventory names the host.
    let resource = '127.6.2.1';
    const t0 = clock.now();
    const cycle = async (failed: string[]) => {
      const report: CycleReport = {
        startedAt: clock.now(),
        durationMs: 10,
        cpuMs: 1,
        errors: failed.map((call) => ({ call, error: 'Cannot reach SSH 127.6.2.1:22 (ECONNREFUSED)' })),
        samples: 0,
        events: 0,
      };
      // The cycle's report arrives after a connect timeout: liveness dates it from its start.
      clock.advance(10_000);
      await sinks.onCycle(report);
      clock.advance(M - 10_000);
    };

    await cycle([]);
    resource = 'web-01';
    // A failing custom check or inventory is not the host being unreachable.
    await cycle(['ssh:check:answer', 'inventory']);
    await cycle(['ssh:health']);
    await cycle(['ssh:health']);
    expect(liveness.snapshot()).toEqual([{ ...subject, up: true, since: t0 }]);
    await cycle(['ssh:health']);
    expect(liveness.snapshot()).toEqual([{ ...subject, up: false, since: t0 + 2 * M }]);
    await cycle([]);
    expect(liveness.drainTransitions()).toEqual([
      { ...subject, name: '127.6.2.1', up: true, at: t0 },
      { ...subject, up: false, at: t0 + 2 * M },
      { ...subject, up: true, at: t0 + 5 * M },
    ]);
    expect(await registry.getSingleMetricAsString('vigil_probe_errors_total')).toContain(
      'vigil_probe_errors_total{probe="ssh",call="ssh:health"} 3',
    );
  });
});
