import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, T0 } from '../../test/support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../../test/support/scenario.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../incidents/policy.js';
import { createVigilMetrics } from '../metrics/vigil-metrics.js';
import type { CommittedIncident, IncidentObserver } from './incident-observer.js';
import { Pipeline } from './pipeline.js';

afterEach(closeScenarios);

/** Records what the pipeline tells observers: incident id, stored version, status and actions. */
function recorder() {
  const seen: Array<{ id: string; version: number; status: string; actions: string[] }> = [];
  const observer: IncidentObserver = {
    incidentsCommitted(changes: readonly CommittedIncident[]) {
      for (const { incident, entries } of changes)
        seen.push({
          id: incident.id,
          version: incident.version,
          status: incident.status,
          actions: entries.map((e) => e.action),
        });
    },
  };
  return { seen, observer };
}

/** A scenario's store and clock with a second pipeline that has the recorder (and `extra`) as observers. */
function observed(policy: Partial<IncidentPolicy> = {}, extra: IncidentObserver[] = []) {
  const r = recorder();
  const s = scenario();
  const pipeline = new Pipeline({
    store: s.store,
    clock: s.clock,
    policy: { ...DEFAULT_INCIDENT_POLICY, ...policy },
    metrics: createVigilMetrics(new Registry()),
    observers: [...extra, r.observer],
  });
  return { ...s, ...r, pipeline };
}

describe('pipeline incident observers', () => {
  it('hears every committed change with the stored version: ingest, operator action, hold-down, escalation, amendment', async () => {
    const s = observed({ holdDownMs: MINUTE });
    const { pipeline } = s;
    await pipeline.ingest([disk()]);
    expect(s.seen).toEqual([
      { id: 'INC-000001', version: 1, status: 'new', actions: ['created', 'classified'] },
    ]);

    await pipeline.act('INC-000001', { kind: 'note', text: 'looking' }, 'alice');
    expect(s.seen.at(-1)).toEqual({ id: 'INC-000001', version: 2, status: 'new', actions: ['note'] });

    await pipeline.amendIncident('INC-000001', (incident, now) => ({
      incident: { ...incident, updatedAt: now },
      entries: [
        {
          at: now,
          actor: 'automation',
          action: 'automation_started',
          fromStatus: incident.status,
          toStatus: incident.status,
          detail: 'x',
        },
      ],
    }));
    expect(s.seen.at(-1)).toEqual({
      id: 'INC-000001',
      version: 3,
      status: 'new',
      actions: ['automation_started'],
    });
    expect(await pipeline.amendIncident('INC-000001', () => null)).toMatchObject({ version: 3 });
    expect(await pipeline.amendIncident('INC-000404', () => null)).toBeNull();
    expect(s.seen).toHaveLength(3);

    s.clock.set(T0 + 2 * HOUR);
    await pipeline.tick();
    expect(s.seen.at(-1)).toMatchObject({ id: 'INC-000001', actions: ['escalated'] });

    await pipeline.ingest([diskOk()]);
    expect(s.seen.at(-1)).toMatchObject({ actions: ['hold_down'], status: 'new' });
    s.clock.set(T0 + 2 * HOUR + 2 * MINUTE);
    await pipeline.tick();
    expect(s.seen.at(-1)).toMatchObject({ status: 'resolved', actions: ['resolved'] });
    const stored = await s.store.getIncident('INC-000001');
    expect(s.seen.at(-1)!.version).toBe(stored!.version);
  });

  it('a throwing observer never fails ingest nor undoes the commit', async () => {
    const failing: IncidentObserver = {
      incidentsCommitted: () => {
        throw new Error('observer bug');
      },
    };
    const s = observed({}, [failing]);
    const { pipeline } = s;
    const [receipt] = await pipeline.ingest([disk()]);
    expect(receipt).toMatchObject({ status: 'accepted', incidentId: 'INC-000001' });
    expect(s.seen).toHaveLength(1);
    expect(await s.store.getIncident('INC-000001')).not.toBeNull();
  });
});
