import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSuppression } from '../../correlator/suppression/build.js';
import { HOUR, MINUTE, makeAlert, T0 } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

/**
 * Time-scripted silence scenarios: the clock starts at T0, events are pushed at given offsets and
 * `tick()` runs the timers. A silenced alert is stored and explained but opens no incident; when
 * the silence ends a still-firing alert proceeds as if it had just fired. Nothing sleeps.
 */
afterEach(closeScenarios);

const silenceWeb1 = (s: ReturnType<typeof scenario>, endsAt: number, startsAt?: number) =>
  s.suppression.silences.create({
    matchers: ['resource="web-1"', 'check=~"filesystem\\\\..*"'],
    endsAt,
    ...(startsAt === undefined ? {} : { startsAt }),
    createdBy: 'alice',
    comment: 'disk replacement CHG-42',
  });

describe('acceptance: silences', () => {
  it('stores and explains a silenced alert without opening an incident, then opens one when the silence ends', async () => {
    const s = scenario();
    const silence = await silenceWeb1(s, T0 + HOUR);
    s.at(5 * MINUTE);
    const [receipt] = await s.push(disk());
    expect(await s.incidents()).toEqual([]);
    const alert = await s.alert(receipt);
    expect(alert.state).toBe('suppressed');
    expect(alert.incidentId).toBeNull();
    expect(alert.reasons.at(-1)).toMatchObject({
      by: `silence:${silence.id}`,
      reason: 'silenced',
      detail: expect.stringContaining('alice'),
    });

    // Repeats while silenced change nothing but the count.
    s.at(10 * MINUTE);
    await s.push(disk());
    expect(await s.incidents()).toEqual([]);
    expect((await s.alert(receipt)).count).toBe(2);

    await s.tickAt(HOUR - 1);
    expect(await s.incidents()).toEqual([]);
    await s.tickAt(HOUR);
    const incident = await s.sole();
    expect(incident.firingFingerprints).toEqual([receipt!.fingerprint]);
    const after = await s.alert(receipt);
    expect(after.state).toBe('firing');
    expect(after.incidentId).toBe(incident.id);
    expect(after.reasons.map((r) => r.reason).slice(-2)).toEqual(['unsuppressed', 'opened_incident']);
    expect(await s.metrics()).toContain('vigil_alerts_suppressed_total{kind="silence"} 1');
    expect(await s.metrics()).toContain('vigil_alerts_unsuppressed_total 1');
  });

  it('lets an alert that recovered during the silence stay quiet: no incident when the silence ends', async () => {
    const s = scenario();
    await silenceWeb1(s, T0 + HOUR);
    s.at(MINUTE);
    const [receipt] = await s.push(disk());
    s.at(2 * MINUTE);
    await s.push(diskOk());
    expect((await s.alert(receipt)).state).toBe('resolved');
    await s.tickAt(2 * HOUR);
    expect(await s.incidents()).toEqual([]);
  });

  it('does not churn an incident that was already open when the silence started', async () => {
    const s = scenario();
    s.at(0);
    const [receipt] = await s.push(disk());
    const open = await s.sole();
    const before = await s.actions(open.id);
    await silenceWeb1(s, T0 + HOUR);
    s.at(MINUTE);
    await s.push(disk({ severity: 'warning' }), disk());
    const still = await s.sole();
    expect(still.version).toBe(open.version);
    expect(await s.actions(open.id)).toEqual(before);
    expect((await s.alert(receipt)).state).toBe('suppressed');
    // The recovery is the truth and passes: the incident resolves.
    s.at(2 * MINUTE);
    await s.push(diskOk());
    expect((await s.sole()).status).toBe('resolved');
  });

  it('does not mute before a pending silence starts, and stops muting when it is expired early', async () => {
    const s = scenario();
    const silence = await silenceWeb1(s, T0 + 2 * HOUR, T0 + HOUR);
    s.at(MINUTE);
    await s.push(disk());
    expect(await s.incidents()).toHaveLength(1);

    s.at(HOUR + MINUTE);
    const [other] = await s.push(disk({ resource: 'web-1', check: 'filesystem.inodes_used_percent' }));
    expect((await s.alert(other)).state).toBe('suppressed');
    s.at(HOUR + 2 * MINUTE);
    const expired = await s.suppression.silences.expire(silence.id);
    expect(expired.endsAt).toBe(T0 + HOUR + 2 * MINUTE);
    await s.tickAt(HOUR + 2 * MINUTE);
    expect((await s.alert(other)).state).toBe('firing');
    expect(await s.incidents()).toHaveLength(2);
  });

  it('mutes only alerts every matcher accepts', async () => {
    const s = scenario();
    await silenceWeb1(s, T0 + HOUR);
    s.at(MINUTE);
    const [a, b, c] = await s.push(
      disk({ resource: 'web-2' }),
      disk({ check: 'cpu.load' }),
      disk({ labels: { mount: '/var' } }),
    );
    expect((await s.alert(a)).state).toBe('firing');
    expect((await s.alert(b)).state).toBe('firing');
    expect((await s.alert(c)).state).toBe('suppressed');
    expect(await s.incidents()).toHaveLength(2);
  });

  it('keeps silences across a restart: a new suppression over the same store mutes with them', async () => {
    const s = scenario();
    const silence = await silenceWeb1(s, T0 + HOUR);
    expect(await s.store.getSilence(silence.id)).toEqual(silence);
    const restarted = buildSuppression({ store: s.store, clock: s.clock, registry: new Registry() });
    await restarted.suppressor.refresh(T0 + MINUTE);
    const alert = makeAlert();
    expect(await restarted.suppressor.decide(alert, T0 + MINUTE)).toMatchObject({
      kind: 'silence',
      name: silence.id,
    });
    expect(await restarted.suppressor.decide(alert, T0 + HOUR)).toBeNull();
  });
});
