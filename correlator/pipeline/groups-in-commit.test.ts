import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIncident, T0 } from '../../test/support/records.js';
import { correlationRulesOf, disk } from '../../test/support/scenario.js';
import { ManualClock } from '../clock/clock.js';
import { RuleBook } from '../correlation/rule-book.js';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/policy.js';
import { createVigilMetrics } from '../metrics/vigil-metrics.js';
import { StoreConflictError } from '../store/contract.js';
import type { GroupEntry, GroupRef } from '../store/group-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { Pipeline } from './pipeline.js';

const PER_SERVICE = `correlation:
  - { kind: grouping, name: per-service, matchers: ['service!=""'], groupBy: [service], window: 10m }
`;

const dir = mkdtempSync(join(tmpdir(), 'vigil-groups-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store on which saving groups apart from the commit fails, as a process killed right after the commit would. */
class DiesAfterCommit extends SqliteStore {
  override async saveGroups(_entries: readonly GroupEntry[]): Promise<void> {
    throw new Error('the process died after the commit');
  }
  override async deleteGroups(_entries: readonly GroupRef[]): Promise<void> {
    throw new Error('the process died after the commit');
  }
}

const pipelineOn = (store: SqliteStore, clock: ManualClock) =>
  new Pipeline({
    store,
    clock,
    policy: DEFAULT_INCIDENT_POLICY,
    metrics: createVigilMetrics(new Registry()),
    rules: new RuleBook(correlationRulesOf(PER_SERVICE), T0),
  });

describe('correlation groups in the commit', () => {
  it('keeps a group membership that was committed even if nothing runs after the commit', async () => {
    const path = join(dir, 'crash.db');
    const clock = new ManualClock(T0);
    const first = new DiesAfterCommit({ path });
    const [opened] = await pipelineOn(first, clock).ingest([
      disk({ resource: 'web-1', labels: { mount: '/', service: 'checkout' } }),
    ]);
    expect(opened!.incidentId).toBe('INC-000001');
    await first.close();

    // Restart on the same file: the second alert of the service joins the first one's incident.
    const second = new SqliteStore({ path });
    clock.set(T0 + 60_000);
    const [joined] = await pipelineOn(second, clock).ingest([
      disk({ resource: 'web-2', labels: { mount: '/', service: 'checkout' } }),
    ]);
    expect(joined!.incidentId).toBe('INC-000001');
    expect((await second.listIncidents({ limit: 10 })).items).toHaveLength(1);
    expect((await second.findGroups('per-service', 'checkout', 0))[0]).toMatchObject({
      incidentId: 'INC-000001',
    });
    await second.close();
  });

  it('stores no group of a unit that conflicts: groups roll back with the incidents', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const incident = makeIncident({ id: 'INC-000001', version: 0 });
    await store.commit({ events: [], alerts: [], incidents: [incident], timeline: [] });
    const group: GroupEntry = {
      rule: 'per-service',
      key: 'checkout',
      anchor: '',
      incidentId: 'INC-000001',
      openedAt: T0,
      pending: [],
    };
    // Stale version 0 of an incident stored at version 1: the whole unit is refused.
    await expect(
      store.commit({
        events: [],
        alerts: [],
        incidents: [{ ...incident, version: 1 }, { ...incident, id: 'INC-000002', version: 0 }, incident],
        timeline: [],
        groups: { save: [group], delete: [] },
      }),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.findGroups('per-service', 'checkout', 0)).toEqual([]);

    await store.commit({
      events: [],
      alerts: [],
      incidents: [],
      timeline: [],
      groups: {
        save: [group, { ...group, key: 'gone' }],
        delete: [{ rule: 'per-service', key: 'gone', anchor: '' }],
      },
    });
    expect(await store.findGroups('per-service', 'checkout', 0)).toEqual([group]);
    expect(await store.findGroups('per-service', 'gone', 0)).toEqual([]);
    await store.close();
  });
});
