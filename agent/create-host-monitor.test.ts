import { describe, expect, it } from 'vitest';
import type { NativeEvent } from '../correlator/model/event.js';
import type { ObservationBatch } from '../correlator/model/observation.js';
import { loadBuiltinRules } from '../rules/load.js';
import { createLocalHostMonitor } from './create-host-monitor.js';
import type { CycleReport } from './host-monitor-types.js';

describe('createLocalHostMonitor on this machine', () => {
  it('runs one real cycle with the built-in rules', async () => {
    const observations: ObservationBatch[] = [];
    const events: NativeEvent[] = [];
    const reports: CycleReport[] = [];
    const monitor = await createLocalHostMonitor({
      rules: (await loadBuiltinRules()).thresholds,
      sinks: {
        onEvents: async (batch) => {
          events.push(...batch);
        },
        onObservations: async (batch) => {
          observations.push(batch);
        },
        onCycle: (report) => {
          reports.push(report);
        },
      },
    });
    const report = await monitor.runCycle();
    expect(reports).toEqual([report]);
    expect(report.samples).toBeGreaterThan(5);
    expect(observations[0]?.cis[0]?.class).toBe('host');
    for (const event of events) expect(event.status).toBe('firing');
    await monitor.stop();
  });
});
