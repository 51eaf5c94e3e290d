import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import { VigilError } from '../errors/vigil-error.js';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/policy.js';
import { createVigilMetrics } from '../metrics/vigil-metrics.js';
import type { NativeEvent } from '../model/event.js';
import { StoreConflictError, type UnitOfWork } from '../store/contract.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { Pipeline } from './pipeline.js';

/** A store whose next `failures` commits fail as if another writer got there first. */
class ContendedStore extends SqliteStore {
  failures = 0;
  commits = 0;
  /** When set, the next read waits on it: lets a test make two replicas read before either writes. */
  gate: (() => Promise<void>) | undefined;
  override async loadBatchState(fingerprints: string[], clientEventIds: string[]) {
    const state = await super.loadBatchState(fingerprints, clientEventIds);
    const gate = this.gate;
    this.gate = undefined;
    if (gate) await gate();
    return state;
  }
  // The pipeline commits through the group-commit form; `commit` itself goes through it too.
  override async commitDurableLater(unit: UnitOfWork): Promise<{ durable: Promise<void> }> {
    this.commits++;
    if (this.failures > 0) {
      this.failures--;
      throw new StoreConflictError('alert test');
    }
    return super.commitDurableLater(unit);
  }
}

const event = (overrides: Partial<NativeEvent> = {}): NativeEvent => ({
  source: 'host',
  resource: 'web-1',
  check: 'filesystem.used_percent',
  severity: 'critical',
  status: 'firing',
  labels: { mount: '/' },
  ...overrides,
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function pipelineOn(store: SqliteStore, clock = new ManualClock(T0)) {
  const registry = new Registry();
  const pipeline = new Pipeline({
    store,
    clock,
    policy: DEFAULT_INCIDENT_POLICY,
    metrics: createVigilMetrics(registry),
  });
  return { pipeline, registry, clock };
}

describe('Pipeline conflict handling', () => {
  it('retries a batch that lost a race, and counts it once', async () => {
    const store = new ContendedStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const { pipeline, registry } = pipelineOn(store);
    store.failures = 2;
    const [receipt] = await pipeline.ingest([event()]);
    expect(store.commits).toBe(3);
    expect(receipt!.incidentId).toMatch(/^INC-\d{6}$/);
    expect((await store.listIncidents({ limit: 10 })).items).toHaveLength(1);
    expect((await store.getAlert(receipt!.fingerprint))!.count).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain('vigil_incidents_created_total{priority="P3",category="capacity"} 1');
    expect(text).toContain('vigil_events_received_total{source="host"} 1');
  });

  it('gives up with VIGIL_ERR_CONFLICT after repeated conflicts, storing nothing', async () => {
    const store = new ContendedStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const { pipeline } = pipelineOn(store);
    store.failures = 100;
    const error = await pipeline.ingest([event()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigilError);
    expect(error).toMatchObject({ code: 'VIGIL_ERR_CONFLICT', status: 409 });
    expect(store.commits).toBe(6);
    expect(await store.countEvents()).toBe(0);
    // The pipeline still works afterwards.
    store.failures = 0;
    expect((await pipeline.ingest([event()]))[0]!.status).toBe('accepted');
  });

  it('opens one incident when two replicas on one store see the same failure at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-replicas-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'vigil.db');
    // Two writers on one file: activity is written in place, version-checked (no write-behind).
    const storeA = new ContendedStore({ path, writeBehind: false });
    const storeB = new ContendedStore({ path, writeBehind: false });
    cleanups.push(
      () => storeA.close(),
      () => storeB.close(),
    );
    const clock = new ManualClock(T0);
    const a = pipelineOn(storeA, clock).pipeline;
    const b = pipelineOn(storeB, clock).pipeline;
    // A two-party barrier: neither replica passes its read until both have read.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const barrier = () => {
      if (++arrived === 2) release();
      return bothRead;
    };
    storeA.gate = barrier;
    storeB.gate = barrier;

    const [ra, rb] = await Promise.all([a.ingest([event()]), b.ingest([event()])]);
    // Both read before either wrote: one commit lost the race and was retried.
    expect(storeA.commits + storeB.commits).toBe(3);
    expect(ra![0]!.incidentId).not.toBeNull();
    expect(rb![0]!.incidentId).toBe(ra![0]!.incidentId);
    expect((await storeA.listIncidents({ limit: 10 })).items).toHaveLength(1);
    expect((await storeA.getAlert(ra![0]!.fingerprint))!.count).toBe(2);

    clock.advance(MINUTE);
    await Promise.all([
      a.ingest([event({ severity: 'ok', status: 'resolved' })]),
      b.ingest([event({ resource: 'web-2' })]),
    ]);
    const incidents = (await storeB.listIncidents({ limit: 10 })).items;
    expect(incidents.map((i) => i.status).sort()).toEqual(['new', 'resolved']);
  });
});

describe('Pipeline.tick', () => {
  it('skips a due incident that has a firing alert again', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const { pipeline, clock } = pipelineOn(store);
    await pipeline.ingest([event()]);
    const incident = (await store.listIncidents({ limit: 1 })).items[0]!;
    // A due hold-down with an attached alert firing (as a concurrent writer could leave it).
    await store.commit({
      events: [],
      alerts: [],
      incidents: [{ ...incident, resolveDueAt: T0 }],
      timeline: [],
    });
    clock.advance(MINUTE);
    await pipeline.tick();
    expect((await store.getIncident(incident.id))!.status).toBe('new');
  });
});

/** A store whose commits become durable only when the test says so. */
class SlowDiskStore extends SqliteStore {
  readonly syncs: Array<() => void> = [];
  committed = 0;
  override async commitDurableLater(unit: UnitOfWork): Promise<{ durable: Promise<void> }> {
    await super.commitDurableLater(unit);
    this.committed++;
    return { durable: new Promise<void>((resolve) => this.syncs.push(resolve)) };
  }
}

describe('Pipeline group commit with durability off the event loop', () => {
  it('acknowledges a batch only once it is durable, and correlates the next one meanwhile', async () => {
    const store = new SlowDiskStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const told: string[] = [];
    const pipeline = new Pipeline({
      store,
      clock: new ManualClock(T0),
      policy: DEFAULT_INCIDENT_POLICY,
      metrics: createVigilMetrics(new Registry()),
      observers: [{ incidentsCommitted: (changes) => told.push(...changes.map((c) => c.incident.id)) }],
    });
    let firstDone = false;
    const first = pipeline.ingest([event()]).then((r) => {
      firstDone = true;
      return r;
    });
    // Committed (visible to reads) but not durable: no receipt, no observer call yet.
    await vi.waitFor(() => expect(store.committed).toBe(1));
    expect(firstDone).toBe(false);
    expect(told).toEqual([]);
    // The next batch is correlated and committed while the first one still syncs.
    const second = pipeline.ingest([event({ resource: 'web-2' })]);
    await vi.waitFor(() => expect(store.committed).toBe(2));
    expect(firstDone).toBe(false);
    store.syncs[0]!();
    const [receipt] = await first;
    expect(receipt!.incidentId).toMatch(/^INC-/);
    expect(told).toEqual([receipt!.incidentId]);
    store.syncs[1]!();
    const [receipt2] = await second;
    expect(told).toEqual([receipt!.incidentId, receipt2!.incidentId]);
  });

  it('fails the senders of a batch whose sync failed', async () => {
    class FailingDiskStore extends SqliteStore {
      override async commitDurableLater(unit: UnitOfWork): Promise<{ durable: Promise<void> }> {
        await super.commitDurableLater(unit);
        return {
          durable: Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
        };
      }
    }
    const store = new FailingDiskStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const { pipeline } = pipelineOn(store);
    await expect(pipeline.ingest([event()])).rejects.toMatchObject({ code: 'EIO' });
  });
});
