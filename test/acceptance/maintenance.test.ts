import { afterEach, describe, expect, it } from 'vitest';
import type { MaintenanceWindowRecord } from '../../correlator/suppression/maintenance/window.js';
import { HOUR, MINUTE, makeCi, T0 } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

/**
 * Time-scripted maintenance scenarios: windows open and close on the clock (`tick()`), announce
 * themselves with maintenance.started / maintenance.ended events, suppress the alerts they cover
 * and mark open incidents without resolving them. Nothing sleeps.
 */
afterEach(closeScenarios);

const window = (overrides: Partial<MaintenanceWindowRecord> = {}): MaintenanceWindowRecord => ({
  name: 'web-1-disks',
  selector: { ciIds: [], names: ['web-1'], classes: [], matchers: [] },
  schedule: { kind: 'once', startsAt: T0 + 10 * MINUTE, endsAt: T0 + HOUR },
  comment: 'disk swap CHG-42',
  createdBy: 'config',
  createdAt: T0,
  source: 'config',
  ...overrides,
});

type Scenario = ReturnType<typeof scenario>;

/** The maintenance announcements stored so far, as `event@offset` (from the window's alert). */
async function announcements(s: Scenario, name: string) {
  const alerts = (await s.store.listAlerts({ limit: 1000 })).items;
  const alert = alerts.find((a) => a.resource === `maintenance:${name}`);
  return alert ? { state: alert.state, event: alert.labels['event'], count: alert.count } : null;
}

describe('acceptance: maintenance windows', () => {
  it('suppresses alerts of the window, announces start and end once, and lets a still-firing alert open its incident after', async () => {
    const s = scenario({ maintenance: [window()] });
    await s.tickAt(9 * MINUTE);
    expect(await announcements(s, 'web-1-disks')).toBeNull();
    await s.tickAt(10 * MINUTE);
    expect(await announcements(s, 'web-1-disks')).toEqual({
      state: 'firing',
      event: 'maintenance.started',
      count: 1,
    });
    await s.tickAt(11 * MINUTE);
    expect((await announcements(s, 'web-1-disks'))?.count).toBe(1);

    s.at(20 * MINUTE);
    const [receipt] = await s.push(disk());
    expect(await s.incidents()).toEqual([]);
    const alert = await s.alert(receipt);
    expect(alert.state).toBe('suppressed');
    expect(alert.reasons.at(-1)).toMatchObject({
      by: 'maintenance:web-1-disks',
      reason: 'in_maintenance',
      detail: expect.stringContaining('disk swap CHG-42'),
    });
    const [other] = await s.push(disk({ resource: 'web-2' }));
    expect((await s.alert(other)).state).toBe('firing');

    await s.tickAt(HOUR);
    expect(await announcements(s, 'web-1-disks')).toEqual({
      state: 'resolved',
      event: 'maintenance.ended',
      count: 2,
    });
    expect((await s.alert(receipt)).state).toBe('firing');
    expect(await s.incidents()).toHaveLength(2);
    expect(await s.metrics()).toContain('vigil_alerts_suppressed_total{kind="maintenance"} 1');
  });

  it('marks an incident already open when maintenance starts, suppresses new alerts, and does not resolve it', async () => {
    const s = scenario({ maintenance: [window()] });
    s.at(0);
    const [first] = await s.push(disk());
    const incident = await s.sole();
    await s.tickAt(10 * MINUTE);
    const marked = await s.sole();
    expect(marked.status).toBe(incident.status);
    const timeline = await s.store.getTimeline(incident.id);
    expect(timeline.at(-1)).toMatchObject({
      action: 'maintenance_started',
      fromStatus: 'new',
      toStatus: 'new',
      detail: expect.stringContaining('web-1-disks'),
    });

    s.at(15 * MINUTE);
    const [late] = await s.push(disk(), disk({ check: 'cpu.load', summary: 'load 40' }));
    expect((await s.alert(late)).state).toBe('suppressed');
    expect((await s.alert(first)).state).toBe('suppressed');
    expect(await s.incidents()).toHaveLength(1);
    expect((await s.sole()).firingFingerprints).toEqual(incident.firingFingerprints);

    await s.tickAt(HOUR);
    expect(await s.actions(incident.id)).toContain('maintenance_ended');
    const after = await s.incidents();
    expect(after.find((i) => i.id === incident.id)?.status).toBe('new');
    // The first alert was attached all along; the CPU alert opens its own incident now.
    expect(after).toHaveLength(2);
    expect((await s.alert(first)).incidentId).toBe(incident.id);

    s.at(HOUR + MINUTE);
    await s.push(diskOk(), diskOk({ check: 'cpu.load' }));
    expect((await s.incidents()).every((i) => i.status === 'resolved')).toBe(true);
  });

  it('opens a weekly window at Saturday 22:00 Berlin time, in winter and in summer', async () => {
    const s = scenario({
      maintenance: [
        window({
          name: 'weekly',
          schedule: {
            kind: 'recurring',
            cron: '0 22 * * 6',
            durationMs: 2 * HOUR,
            timezone: 'Europe/Berlin',
          },
        }),
      ],
    });
    // T0 is Thursday 2026-01-01; Saturday 22:00 CET is 21:00 UTC.
    const saturday = Date.parse('2026-01-03T21:00:00Z') - T0;
    await s.tickAt(saturday - 1);
    expect(await announcements(s, 'weekly')).toBeNull();
    await s.tickAt(saturday);
    expect((await announcements(s, 'weekly'))?.event).toBe('maintenance.started');
    s.at(saturday + HOUR);
    const [receipt] = await s.push(disk());
    expect((await s.alert(receipt)).state).toBe('suppressed');
    await s.tickAt(saturday + 2 * HOUR);
    expect((await announcements(s, 'weekly'))?.event).toBe('maintenance.ended');
    expect((await s.alert(receipt)).state).toBe('firing');

    // Saturday 2026-07-04 22:00 CEST is 20:00 UTC.
    const summer = Date.parse('2026-07-04T20:00:00Z') - T0;
    await s.tickAt(summer - 1);
    expect((await announcements(s, 'weekly'))?.event).toBe('maintenance.ended');
    await s.tickAt(summer);
    expect(await announcements(s, 'weekly')).toMatchObject({ event: 'maintenance.started', count: 3 });
  });

  it('selects by CI class and CI id through the CMDB', async () => {
    const s = scenario({
      maintenance: [
        window({
          name: 'switches',
          selector: { ciIds: [], names: [], classes: ['network_device'], matchers: [] },
        }),
        window({
          name: 'one-host',
          selector: { ciIds: ['CI-000002'], names: [], classes: [], matchers: [] },
        }),
      ],
    });
    await s.store.commitCmdb({
      cis: [
        makeCi({ id: 'CI-000001', name: 'sw-1', class: 'network_device' }),
        makeCi({ id: 'CI-000002', name: 'db-1' }),
      ],
      relations: [],
      history: [],
    });
    await s.tickAt(10 * MINUTE);
    const [sw, db, web] = await s.push(
      disk({ resource: 'sw-1', check: 'if.down' }),
      disk({ resource: 'db-1' }),
      disk({ resource: 'web-9' }),
    );
    expect((await s.alert(sw)).reasons.at(-1)?.by).toBe('maintenance:switches');
    expect((await s.alert(db)).reasons.at(-1)?.by).toBe('maintenance:one-host');
    expect((await s.alert(web)).state).toBe('firing');
  });

  it('selects by label matchers, and ends a window deleted through the API on the next tick', async () => {
    const s = scenario();
    await s.suppression.maintenance.create({
      name: 'var-mounts',
      selector: { ciIds: [], names: [], classes: [], matchers: ['mount=~"/var.*"'] },
      schedule: { kind: 'once', startsAt: T0, endsAt: T0 + HOUR },
      comment: '',
      createdBy: 'alice',
    });
    await s.tickAt(MINUTE);
    expect((await announcements(s, 'var-mounts'))?.event).toBe('maintenance.started');
    const [root, varLog] = await s.push(disk(), disk({ labels: { mount: '/var/log' } }));
    expect((await s.alert(root)).state).toBe('firing');
    expect((await s.alert(varLog)).state).toBe('suppressed');
    await s.suppression.maintenance.delete('var-mounts');
    await s.tickAt(2 * MINUTE);
    expect((await announcements(s, 'var-mounts'))?.event).toBe('maintenance.ended');
    expect((await s.alert(varLog)).state).toBe('firing');
    expect(await s.incidents()).toHaveLength(2);
  });

  it('announces each start once across a restart (the announced occurrence is stored)', async () => {
    const s = scenario({ maintenance: [window()] });
    await s.tickAt(10 * MINUTE);
    const { Maintenance } = await import('../../correlator/suppression/maintenance/maintenance.js');
    const restarted = new Maintenance({ store: s.store, clock: s.clock, windows: [window()] });
    const fed: unknown[] = [];
    await restarted.run(T0 + 11 * MINUTE, {
      feed: async (e) => void fed.push(...e),
      recheck: async () => {},
    });
    expect(fed).toEqual([]);
    await restarted.run(T0 + HOUR, { feed: async (e) => void fed.push(...e), recheck: async () => {} });
    expect(fed).toEqual([
      expect.objectContaining({ labels: { window: 'web-1-disks', event: 'maintenance.ended' } }),
    ]);
  });
});
