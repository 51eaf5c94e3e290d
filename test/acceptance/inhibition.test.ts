import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { InhibitRuleConfig } from '../../config/suppression-config.js';
import { buildSuppression } from '../../correlator/suppression/build.js';
import { MINUTE, makeAlert, SECOND, T0 } from '../support/records.js';
import { closeScenarios, disk, scenario } from '../support/scenario.js';

/**
 * Time-scripted inhibition scenarios: while a source alert fires, target alerts with the same
 * `equal` labels are suppressed and say which alert and rule inhibit them; when the source
 * recovers, still-firing targets proceed on the next tick. Nothing sleeps.
 */
afterEach(closeScenarios);

const rule: InhibitRuleConfig = {
  name: 'host-down-mutes-host',
  source: ['check="host.down"', 'severity="critical"'],
  target: ['check!="host.down"'],
  equal: ['resource'],
};

const hostDown = (resource = 'web-1', severity: 'critical' | 'warning' = 'critical') =>
  disk({ resource, check: 'host.down', severity, summary: `${resource} does not answer`, labels: {} });

describe('acceptance: inhibition', () => {
  it('suppresses targets with equal labels while the source fires, naming the source and rule', async () => {
    const s = scenario({ inhibit: [rule] });
    s.at(0);
    const [down] = await s.push(hostDown());
    s.at(10 * SECOND);
    const [same, other] = await s.push(disk(), disk({ resource: 'web-2' }));
    const muted = await s.alert(same);
    expect(muted.state).toBe('suppressed');
    expect(muted.reasons.at(-1)).toMatchObject({
      by: 'inhibition:host-down-mutes-host',
      reason: 'inhibited',
      detail: expect.stringContaining(`${down!.fingerprint} (host.down on web-1)`),
    });
    expect((await s.alert(other)).state).toBe('firing');
    expect(await s.incidents()).toHaveLength(2);
    expect(await s.metrics()).toContain('vigil_alerts_suppressed_total{kind="inhibition"} 1');
  });

  it('needs every source matcher: a warning host.down inhibits nothing', async () => {
    const s = scenario({ inhibit: [rule] });
    s.at(0);
    await s.push(hostDown('web-1', 'warning'));
    const [same] = await s.push(disk());
    expect((await s.alert(same)).state).toBe('firing');
  });

  it('inhibits a target that arrives in the same batch as its source', async () => {
    const s = scenario({ inhibit: [rule] });
    s.at(0);
    const [target] = await s.push(disk(), hostDown());
    expect((await s.alert(target)).state).toBe('suppressed');
    expect(await s.incidents()).toHaveLength(1);
  });

  it('lets a still-firing target open its incident on the tick after the source recovers', async () => {
    const s = scenario({ inhibit: [rule] });
    s.at(0);
    await s.push(hostDown());
    const [target] = await s.push(disk());
    s.at(MINUTE);
    await s.push({ ...hostDown(), status: 'resolved', severity: 'ok' });
    expect((await s.alert(target)).state).toBe('suppressed');
    await s.tickAt(MINUTE + SECOND);
    const alert = await s.alert(target);
    expect(alert.state).toBe('firing');
    expect(alert.incidentId).not.toBeNull();
    expect(alert.reasons.at(-2)).toMatchObject({
      reason: 'unsuppressed',
      detail: expect.stringContaining('inhibition:host-down-mutes-host'),
    });
  });

  it('rebuilds its firing sources from the store after a restart', async () => {
    const s = scenario({ inhibit: [rule] });
    s.at(0);
    const [down] = await s.push(hostDown());
    const restarted = buildSuppression({
      store: s.store,
      clock: s.clock,
      registry: new Registry(),
      inhibit: [rule],
    });
    await restarted.suppressor.refresh(T0 + MINUTE);
    const target = makeAlert({ fingerprint: 'target', resource: 'web-1', check: 'disk' });
    expect(await restarted.suppressor.decide(target, T0 + MINUTE)).toMatchObject({
      kind: 'inhibition',
      detail: expect.stringContaining(down!.fingerprint),
    });
    // An alert matching both sides never inhibits itself, but does inhibit others.
    const broad = buildSuppression({
      store: s.store,
      clock: s.clock,
      registry: new Registry(),
      inhibit: [{ ...rule, name: 'broad', target: ['resource=~".+"'] }],
    });
    await broad.suppressor.refresh(T0 + MINUTE);
    const self = await s.store.getAlert(down!.fingerprint);
    expect(await broad.suppressor.decide(self!, T0 + MINUTE)).toBeNull();
    expect(await broad.suppressor.decide(target, T0 + MINUTE)).toMatchObject({ name: 'broad' });
  });
});
