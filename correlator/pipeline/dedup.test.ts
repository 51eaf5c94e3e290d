import { describe, expect, it } from 'vitest';
import { MINUTE, makeEvent, SECOND, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import type { NormalisedEvent } from '../model/event.js';
import type { AlertRecord } from '../model/records.js';
import { dedup, MAX_REASONS, withReason } from './dedup.js';

/** Feeds events one by one, as the dedup stage does, returning every result. */
function fold(events: NormalisedEvent[]) {
  let alert: AlertRecord | undefined;
  return events.map((event) => {
    const result = dedup(alert, event);
    alert = result.alert;
    return result;
  });
}

describe('dedup', () => {
  it('creates the alert on first sight with count 1 and first/last seen at the event time', () => {
    const clock = new ManualClock(T0 + SECOND);
    const result = dedup(undefined, makeEvent({ time: clock.now(), receivedAt: clock.now() }));
    expect(result.decision).toBe('first_seen');
    expect(result.previousState).toBeNull();
    expect(result.previousSeverity).toBeNull();
    expect(result.alert).toMatchObject({
      fingerprint: 'fp-1',
      state: 'firing',
      severity: 'critical',
      count: 1,
      firstSeen: T0 + SECOND,
      lastSeen: T0 + SECOND,
      stateChangedAt: T0 + SECOND,
      incidentId: null,
      version: 0,
    });
    expect(result.alert.reasons).toEqual([
      { at: T0 + SECOND, by: 'dedup', reason: 'first_seen', detail: 'first firing event' },
    ]);
  });

  it('creates a resolved alert when the first event is a recovery', () => {
    const result = dedup(undefined, makeEvent({ status: 'resolved', severity: 'ok' }));
    expect(result.decision).toBe('first_seen');
    expect(result.alert.state).toBe('resolved');
  });

  it('counts repeats without changing state, and moves lastSeen forward', () => {
    const clock = new ManualClock(T0);
    const events = Array.from({ length: 51 }, () => {
      const now = clock.advance(SECOND);
      return makeEvent({ time: now, receivedAt: now });
    });
    const results = fold(events);
    expect(results[0]!.decision).toBe('first_seen');
    expect(results.slice(1).every((r) => r.decision === 'repeat')).toBe(true);
    const last = results.at(-1)!.alert;
    expect(last.count).toBe(51);
    expect(last.state).toBe('firing');
    expect(last.firstSeen).toBe(T0 + SECOND);
    expect(last.lastSeen).toBe(T0 + 51 * SECOND);
    expect(last.stateChangedAt).toBe(T0 + SECOND);
    expect(last.reasons).toHaveLength(1);
  });

  it('takes severity, summary and labels from a newer repeat', () => {
    const [, second] = fold([
      makeEvent({ severity: 'warning', summary: '85%', labels: { mount: '/', value: '85' } }),
      makeEvent({
        time: T0 + MINUTE,
        severity: 'critical',
        summary: '97%',
        labels: { mount: '/', value: '97' },
      }),
    ]);
    expect(second!.decision).toBe('repeat');
    expect(second!.previousSeverity).toBe('warning');
    expect(second!.alert).toMatchObject({
      severity: 'critical',
      summary: '97%',
      labels: { mount: '/', value: '97' },
    });
  });

  it('takes the expiry from the newest firing event and clears it on a recovery', () => {
    const [first, refresh, older, recovery] = fold([
      makeEvent({ time: T0, expiresAt: T0 + 4 * MINUTE }),
      makeEvent({ time: T0 + MINUTE, expiresAt: T0 + 5 * MINUTE }),
      makeEvent({ time: T0 - MINUTE, expiresAt: T0 + 3 * MINUTE }),
      makeEvent({ time: T0 + 2 * MINUTE, status: 'resolved', expiresAt: null }),
    ]);
    expect(first!.alert.expiresAt).toBe(T0 + 4 * MINUTE);
    expect(refresh!.alert.expiresAt).toBe(T0 + 5 * MINUTE);
    expect(older!.alert.expiresAt).toBe(T0 + 5 * MINUTE);
    expect(recovery!.alert.expiresAt).toBeNull();
    // Alerts that never expire do not grow the field.
    expect(fold([makeEvent(), makeEvent({ time: T0 + MINUTE })])[1]!.alert).not.toHaveProperty('expiresAt');
  });

  it('moves firing -> resolved -> firing with a reason for each transition', () => {
    const results = fold([
      makeEvent({ time: T0 }),
      makeEvent({ time: T0 + MINUTE, receivedAt: T0 + MINUTE, status: 'resolved', severity: 'ok' }),
      makeEvent({ time: T0 + 10 * MINUTE, receivedAt: T0 + 10 * MINUTE }),
    ]);
    expect(results.map((r) => r.decision)).toEqual(['first_seen', 'resolved', 'fired']);
    expect(results[1]!.previousState).toBe('firing');
    expect(results[1]!.alert).toMatchObject({ state: 'resolved', stateChangedAt: T0 + MINUTE, count: 2 });
    expect(results[2]!.previousState).toBe('resolved');
    expect(results[2]!.alert).toMatchObject({ state: 'firing', stateChangedAt: T0 + 10 * MINUTE, count: 3 });
    expect(results[2]!.alert.reasons.map((r) => [r.reason, r.at])).toEqual([
      ['first_seen', T0],
      ['resolved', T0 + MINUTE],
      ['fired', T0 + 10 * MINUTE],
    ]);
  });

  it('repeats a resolved alert on another recovery', () => {
    const results = fold([
      makeEvent({ status: 'resolved' }),
      makeEvent({ time: T0 + SECOND, status: 'resolved' }),
    ]);
    expect(results[1]!.decision).toBe('repeat');
    expect(results[1]!.alert.state).toBe('resolved');
  });

  it('treats a suppressed alert as firing: a firing event is a repeat, a recovery resolves it', () => {
    const suppressed = { ...dedup(undefined, makeEvent()).alert, state: 'suppressed' as const };
    expect(dedup(suppressed, makeEvent({ time: T0 + SECOND })).decision).toBe('repeat');
    const resolved = dedup(suppressed, makeEvent({ time: T0 + SECOND, status: 'resolved' }));
    expect(resolved.decision).toBe('resolved');
    expect(resolved.alert.state).toBe('resolved');
  });

  it('does not let a delayed firing event undo a newer recovery', () => {
    const results = fold([
      makeEvent({ time: T0 }),
      makeEvent({ time: T0 + 2 * MINUTE, status: 'resolved' }),
      // Sent at T0 + 1 min, arrives after the recovery.
      makeEvent({ time: T0 + MINUTE, receivedAt: T0 + 3 * MINUTE, severity: 'major', summary: 'late' }),
    ]);
    const late = results[2]!;
    expect(late.decision).toBe('out_of_order');
    expect(late.alert.state).toBe('resolved');
    expect(late.alert.stateChangedAt).toBe(T0 + 2 * MINUTE);
    expect(late.alert.severity).toBe('critical');
    expect(late.alert.summary).not.toBe('late');
    expect(late.alert.count).toBe(3);
    expect(late.alert.lastSeen).toBe(T0 + 2 * MINUTE);
    expect(late.alert.reasons.at(-1)).toMatchObject({
      reason: 'out_of_order',
      at: T0 + 3 * MINUTE,
      by: 'dedup',
    });
  });

  it('does not let a delayed recovery resolve an alert that fired again since', () => {
    const results = fold([
      makeEvent({ time: T0, status: 'resolved' }),
      makeEvent({ time: T0 + 2 * MINUTE }),
      makeEvent({ time: T0 + MINUTE, status: 'resolved' }),
    ]);
    expect(results[2]!.decision).toBe('out_of_order');
    expect(results[2]!.alert.state).toBe('firing');
  });

  it('counts an older event of the same state as a repeat, keeping the newer details and moving firstSeen back', () => {
    const results = fold([
      makeEvent({ time: T0 + MINUTE, summary: 'newer' }),
      makeEvent({ time: T0, summary: 'older', severity: 'warning' }),
    ]);
    expect(results[1]!.decision).toBe('repeat');
    expect(results[1]!.alert).toMatchObject({
      summary: 'newer',
      severity: 'critical',
      firstSeen: T0,
      lastSeen: T0 + MINUTE,
      count: 2,
    });
  });

  it('does not mutate the previous alert', () => {
    const first = dedup(undefined, makeEvent()).alert;
    const snapshot = structuredClone(first);
    dedup(first, makeEvent({ time: T0 + MINUTE, status: 'resolved' }));
    expect(first).toEqual(snapshot);
  });

  it(`keeps at most MAX_REASONS (${MAX_REASONS}) reasons, newest last`, () => {
    const clock = new ManualClock(T0);
    const events = Array.from({ length: 3 * MAX_REASONS }, (_, i) => {
      const now = clock.advance(MINUTE);
      return makeEvent({ time: now, receivedAt: now, status: i % 2 === 0 ? 'firing' : 'resolved' });
    });
    const last = fold(events).at(-1)!.alert;
    expect(last.reasons).toHaveLength(MAX_REASONS);
    expect(last.reasons.at(-1)!.at).toBe(clock.now());
    const times = last.reasons.map((r) => r.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('withReason', () => {
  const reason = (at: number) => ({ at, by: 'test', reason: 'r' });

  it('appends without touching the input array', () => {
    const input = [reason(1)];
    const output = withReason(input, reason(2));
    expect(output.map((r) => r.at)).toEqual([1, 2]);
    expect(input).toHaveLength(1);
  });

  it('drops the oldest reasons once full', () => {
    const full = Array.from({ length: MAX_REASONS }, (_, i) => reason(i));
    const output = withReason(full, reason(99));
    expect(output).toHaveLength(MAX_REASONS);
    expect(output[0]!.at).toBe(1);
    expect(output.at(-1)!.at).toBe(99);
  });

  it('shrinks an over-long list back to the bound', () => {
    const long = Array.from({ length: MAX_REASONS + 5 }, (_, i) => reason(i));
    expect(withReason(long, reason(99))).toHaveLength(MAX_REASONS);
  });
});
