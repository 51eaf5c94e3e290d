import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MOMENTARY_TRAP_HOLD_MS, STANDARD_TRAPS, trapToEvent } from '../collector/snmp/trap-events.js';
import { testCorrelator } from './support/correlator-fixture.js';
import { MINUTE, SECOND, T0 } from './support/records.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;

beforeEach(async () => {
  c = await testCorrelator();
  c.clock.set(T0);
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const coldStart = (at: number) =>
  trapToEvent(
    { version: '2c', inform: false, sender: '10.0.0.1', trapOid: STANDARD_TRAPS.coldStart, varbinds: [] },
    'core-sw-1',
    new Date(at),
  );

const restartAlert = async () =>
  (await c.store.listAlerts({ limit: 10 })).items.find((a) => a.check === 'device.restart');

describe('restart traps through the pipeline (manual clock)', () => {
  it('a coldStart alert resolves by itself 10 minutes after the last coldStart, through the timer', async () => {
    await c.pipeline.ingest([coldStart(T0)]);
    expect(await restartAlert()).toMatchObject({ state: 'firing', expiresAt: T0 + MOMENTARY_TRAP_HOLD_MS });

    // The device restarts again at t+5m: the alert is refreshed, not duplicated.
    c.clock.set(T0 + 5 * MINUTE);
    await c.pipeline.ingest([coldStart(T0 + 5 * MINUTE)]);
    c.clock.set(T0 + 14 * MINUTE);
    await c.pipeline.tick();
    expect(await restartAlert()).toMatchObject({ state: 'firing', count: 2 });

    c.clock.set(T0 + 15 * MINUTE + SECOND);
    await c.pipeline.tick();
    expect(await restartAlert()).toMatchObject({ state: 'resolved', count: 3 });
    expect((await c.store.listAlerts({ limit: 10 })).items).toHaveLength(1);
  });
});
