import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NativeEvent } from '../../correlator/model/event.js';
import { FakeTimers } from '../fake-timers.js';
import { Spool } from '../spool/spool.js';
import { Backoff } from './backoff.js';
import { Shipper, type ShipperEvents } from './shipper.js';
import type { Delivery, Transport } from './transport.js';

const ev = (n: number): NativeEvent =>
  ({
    id: `e-${n}`,
    source: 'agent',
    resource: 'h',
    check: 'c',
    severity: 'major',
    status: 'firing',
  }) as NativeEvent;

/** A correlator double: answers from a script, records what it received. */
class ScriptedTransport implements Transport {
  received: Array<{ path: string; body: any }> = [];
  constructor(readonly answers: Array<Delivery['outcome'] | 'rejected'> = []) {}
  async post(path: string, body: unknown): Promise<Delivery> {
    const outcome = this.answers.shift() ?? 'ok';
    if (outcome === 'ok') this.received.push({ path, body });
    if (outcome === 'ok') return { outcome, status: 202 };
    if (outcome === 'auth') return { outcome, status: 401 };
    if (outcome === 'rejected') return { outcome, status: 400, reason: 'VIGIL_ERR_VALIDATION' };
    return { outcome: 'retry', status: null, reason: 'ECONNREFUSED' };
  }
  get events(): string[] {
    return this.received
      .filter((r) => r.path === '/api/v1/events')
      .flatMap((r) => r.body.events.map((e: NativeEvent) => e.id));
  }
}

describe('Shipper', () => {
  let dir: string;
  let timers: FakeTimers;
  let log: string[];
  const events: ShipperEvents = {
    shipped: (k, n) => log.push(`shipped ${k} ${n}`),
    failed: (d, wait) => log.push(`failed ${d.outcome} wait ${wait}`),
    rejected: (k, n) => log.push(`rejected ${k} ${n}`),
    dropped: (n) => log.push(`dropped ${n}`),
  };
  const make = (transport: Transport, overrides: { batchSize?: number; maxBytes?: number } = {}) =>
    new Shipper({
      spool: new Spool({ dir, maxBytes: overrides.maxBytes ?? 1 << 20, segmentBytes: 4096, fsync: 'never' }),
      transport,
      backoff: new Backoff({ initialMs: 100, maxMs: 1600, random: () => 0 }),
      timers,
      batchSize: overrides.batchSize ?? 10,
      flushIntervalMs: 1000,
      events,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-ship-'));
    timers = new FakeTimers();
    log = [];
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ships after the flush interval in batches of at most batchSize events, in order', async () => {
    const transport = new ScriptedTransport();
    const shipper = make(transport);
    shipper.start();
    await timers.fireNext(); // the start pump: nothing yet
    shipper.enqueue({ k: 'events', b: [ev(1), ev(2), ev(3)] });
    shipper.enqueue({ k: 'events', b: [ev(4)] });
    expect(timers.delays).toEqual([1000]);
    await timers.fireNext();
    expect(transport.events).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
    expect(transport.received).toHaveLength(1);
    shipper.enqueue({ k: 'events', b: Array.from({ length: 25 }, (_, i) => ev(10 + i)) });
    expect(timers.delays).toEqual([0]);
    await timers.fireNext();
    expect(transport.received.slice(1).map((r) => r.body.events.length)).toEqual([10, 10, 5]);
    expect(transport.events.slice(4)).toEqual(Array.from({ length: 25 }, (_, i) => `e-${10 + i}`));
  });

  it('retries with growing backoff while unreachable, then replays everything in order', async () => {
    const transport = new ScriptedTransport(['retry', 'retry', 'retry', 'retry']);
    const shipper = make(transport);
    shipper.start();
    shipper.enqueue({ k: 'register', b: { hostname: 'h', labels: {}, metadata: {} } });
    for (let i = 0; i < 30; i++) shipper.enqueue({ k: 'events', b: [ev(i)] });
    const waits: Array<number | null> = [];
    for (let i = 0; i < 6; i++) waits.push(await timers.fireNext());
    expect(waits.slice(0, 5)).toEqual([0, 50, 100, 200, 400]);
    expect(log.filter((l) => l.startsWith('failed'))).toEqual([
      'failed retry wait 50',
      'failed retry wait 100',
      'failed retry wait 200',
      'failed retry wait 400',
    ]);
    expect(transport.received[0]!.path).toBe('/api/v1/agents/register');
    expect(transport.events).toEqual(Array.from({ length: 30 }, (_, i) => `e-${i}`));
    // A success resets the backoff.
    transport.answers.push('retry');
    shipper.enqueue({ k: 'events', b: [ev(99)] });
    await timers.fireNext();
    expect(log.at(-1)).toBe('failed retry wait 50');
  });

  it('keeps everything spooled on 401 and retries at the longest backoff', async () => {
    const transport = new ScriptedTransport(['auth', 'auth']);
    const shipper = make(transport);
    shipper.start();
    shipper.enqueue({ k: 'events', b: [ev(1)] });
    await timers.fireNext();
    await timers.fireNext();
    expect(log).toEqual(['failed auth wait 1600', 'failed auth wait 1600']);
    expect(timers.delays).toEqual([1600]);
    await timers.fireNext();
    expect(transport.events).toEqual(['e-1']);
  });

  it('drops a record the correlator refuses for good, after trying it alone, and ships the rest', async () => {
    const transport = new ScriptedTransport(['rejected', 'rejected']);
    const shipper = make(transport);
    shipper.start();
    shipper.enqueue({ k: 'events', b: [ev(1)] });
    shipper.enqueue({ k: 'events', b: [ev(2)] });
    await timers.fireNext();
    expect(log).toEqual(['rejected events 1', 'shipped events 1']);
    expect(transport.events).toEqual(['e-2']);
  });

  it('counts events dropped because the spool was full', async () => {
    const transport = new ScriptedTransport(Array.from({ length: 100 }, () => 'retry' as const));
    const shipper = make(transport, { maxBytes: 65_536, batchSize: 1 });
    shipper.start();
    const big = (i: number) => ({ ...ev(i), summary: 'x'.repeat(1500) }) as NativeEvent;
    for (let i = 0; i < 200; i++) shipper.enqueue({ k: 'events', b: [big(i)] });
    const dropped = log
      .filter((l) => l.startsWith('dropped'))
      .reduce((sum, l) => sum + Number(l.split(' ')[1]), 0);
    expect(dropped).toBeGreaterThan(100);
    await shipper.stop();
  });
});
