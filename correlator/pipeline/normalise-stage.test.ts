import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import { VigilError } from '../errors/vigil-error.js';
import type { NativeEvent } from '../model/event.js';
import { fingerprint } from '../model/fingerprint.js';
import { newBatch } from './batch.js';
import { MAX_FUTURE_SKEW_MS, normaliseEvent, normaliseStage } from './normalise-stage.js';

const native = (overrides: Partial<NativeEvent> = {}): NativeEvent => ({
  source: 'snmp',
  resource: 'core-sw-1',
  check: 'interface.oper_status',
  severity: 'critical',
  status: 'firing',
  ...overrides,
});

function validationError(event: NativeEvent, index: number): VigilError {
  try {
    normaliseEvent(event, T0, index);
  } catch (error) {
    return error as VigilError;
  }
  throw new Error('accepted');
}

describe('normaliseEvent', () => {
  it('fills defaults: receive time, empty labels, a summary and a generated id', () => {
    const clock = new ManualClock(T0 + MINUTE);
    const event = normaliseEvent(native(), clock.now());
    expect(event).toMatchObject({
      source: 'snmp',
      resource: 'core-sw-1',
      check: 'interface.oper_status',
      severity: 'critical',
      status: 'firing',
      labels: {},
      time: T0 + MINUTE,
      receivedAt: T0 + MINUTE,
      summary: 'interface.oper_status firing on core-sw-1',
      fingerprint: fingerprint({ source: 'snmp', resource: 'core-sw-1', check: 'interface.oper_status' }),
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.clientId).toBe(false);
    expect(normaliseEvent(native(), clock.now()).id).not.toBe(event.id);
  });

  it('keeps what the sender gave: id, summary, labels, time, dedupKey identity', () => {
    const event = normaliseEvent(
      native({
        id: 'agent-7:42',
        summary: 'Gi1/0/1 is down',
        labels: { ifName: 'Gi1/0/1' },
        time: '2025-12-31T23:59:00Z',
        dedupKey: 'k-1',
      }),
      T0,
    );
    expect(event).toMatchObject({
      id: 'agent-7:42',
      clientId: true,
      summary: 'Gi1/0/1 is down',
      labels: { ifName: 'Gi1/0/1' },
      time: T0 - MINUTE,
      receivedAt: T0,
      fingerprint: fingerprint({ source: 'x', resource: 'y', check: 'z', dedupKey: 'k-1' }),
    });
  });

  it('treats ok severity as a recovery whatever the status says, and says so in the default summary', () => {
    const event = normaliseEvent(native({ severity: 'ok', status: 'firing' }), T0);
    expect(event.status).toBe('resolved');
    expect(event.summary).toBe('interface.oper_status resolved on core-sw-1');
  });

  it('keeps a resolved status of other severities', () => {
    expect(normaliseEvent(native({ severity: 'critical', status: 'resolved' }), T0).status).toBe('resolved');
    expect(normaliseEvent(native({ severity: 'info', status: 'firing' }), T0).status).toBe('firing');
  });

  it.each(['yesterday', '', '2026-13-45T99:00:00Z', 'NaN'])(
    'rejects time %j with VIGIL_ERR_VALIDATION naming the event',
    (time) => {
      const error = validationError(native({ time }), 3);
      expect(error).toBeInstanceOf(VigilError);
      expect(error.code).toBe('VIGIL_ERR_VALIDATION');
      expect(error.status).toBe(400);
      expect(error.message).toContain('events[3].time');
    },
  );

  it('clamps a time too far in the future to the allowed skew, and keeps a small skew', () => {
    const far = normaliseEvent(native({ time: new Date(T0 + HOUR).toISOString() }), T0);
    expect(far.time).toBe(T0 + MAX_FUTURE_SKEW_MS);
    const near = normaliseEvent(native({ time: new Date(T0 + MINUTE).toISOString() }), T0);
    expect(near.time).toBe(T0 + MINUTE);
  });

  it('keeps past times as they are', () => {
    const past = normaliseEvent(native({ time: new Date(T0 - 3 * HOUR).toISOString() }), T0);
    expect(past.time).toBe(T0 - 3 * HOUR);
  });
});

describe('normaliseStage', () => {
  it('normalises every input event at the batch time, naming the bad one by index', async () => {
    const batch = newBatch([native(), native({ resource: 'core-sw-2' })], T0);
    await normaliseStage.run(batch);
    expect(batch.events.map((e) => [e.resource, e.receivedAt])).toEqual([
      ['core-sw-1', T0],
      ['core-sw-2', T0],
    ]);
    const bad = newBatch([native(), native({ time: 'later' })], T0);
    await expect(normaliseStage.run(bad)).rejects.toMatchObject({
      code: 'VIGIL_ERR_VALIDATION',
      message: expect.stringContaining('events[1]'),
    });
  });
});
