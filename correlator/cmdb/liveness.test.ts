import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { Liveness, type LivenessSubject } from './liveness.js';

const S = 1000;
const M = 60 * S;
const sw: LivenessSubject = {
  name: 'core-sw1',
  ciClass: 'network_device',
  identifier: { kind: 'managementAddress', value: '10.0.0.1' },
};
const policy = (at: number) => ({ at, staleAfterMs: 5 * M, downAfterFailures: 3 });

function setup() {
  const clock = new ManualClock();
  const live = new Liveness(clock);
  const t0 = clock.now();
  /** Polls once at the clock's now, then moves it on a minute. */
  const poll = (ok: boolean, subject = sw) => {
    live.poll(subject, ok, policy(clock.now()));
    clock.advance(M);
  };
  return { clock, live, t0, poll };
}

describe('Liveness: consecutive failed polls', () => {
  it('goes down after N failed polls, dated at the first, and up at the next good poll', () => {
    const { live, t0, poll } = setup();
    poll(true);
    expect(live.drainTransitions()).toEqual([{ ...sw, up: true, at: t0 }]);
    poll(false);
    poll(false);
    // Two failures: still up, nothing to record.
    expect(live.snapshot()).toEqual([{ ...sw, up: true, since: t0 }]);
    expect(live.drainTransitions()).toEqual([]);
    poll(false);
    expect(live.snapshot()).toEqual([{ ...sw, up: false, since: t0 + M }]);
    poll(false);
    poll(true);
    expect(live.drainTransitions()).toEqual([
      { ...sw, up: false, at: t0 + M },
      { ...sw, up: true, at: t0 + 5 * M },
    ]);
    expect(live.drainTransitions()).toEqual([]);
  });

  it('a failure streak broken by a good poll never goes down; the next streak counts from its own start', () => {
    const { live, t0, poll } = setup();
    for (const ok of [true, false, false, true, false, false, false]) poll(ok);
    expect(live.drainTransitions()).toEqual([
      { ...sw, up: true, at: t0 },
      { ...sw, up: false, at: t0 + 4 * M },
    ]);
  });

  it('a device failing from its first poll is unknown until N failures, then down from the first', () => {
    const { live, t0, poll } = setup();
    poll(false);
    poll(false);
    expect(live.snapshot()).toEqual([]);
    poll(false);
    expect(live.snapshot()).toEqual([{ ...sw, up: false, since: t0 }]);
  });

  it('keeps subjects apart by identifier, and follows a renamed subject with the same identifier', () => {
    const { live, poll, t0 } = setup();
    poll(true);
    poll(true, { ...sw, name: 'core-sw1.lab' });
    poll(false, { ...sw, identifier: { kind: 'managementAddress', value: '10.0.0.2' } });
    expect(live.snapshot()).toEqual([{ ...sw, name: 'core-sw1.lab', up: true, since: t0 }]);
  });

  it('goes down when reports stop for the stale period, from when they were due', () => {
    const { clock, live, t0, poll } = setup();
    poll(true);
    clock.set(t0 + 5 * M);
    expect(live.snapshot()[0]?.up).toBe(true);
    clock.set(t0 + 5 * M + 1);
    expect(live.snapshot()).toEqual([{ ...sw, up: false, since: t0 + 5 * M }]);
    poll(true);
    expect(live.drainTransitions()).toEqual([
      { ...sw, up: true, at: t0 },
      { ...sw, up: false, at: t0 + 5 * M },
      { ...sw, up: true, at: t0 + 5 * M + 1 },
    ]);
  });

  it('report() decides with one report (the host probe), as before', () => {
    const { clock, live, t0 } = setup();
    live.report('web-1', 'host', true, M);
    clock.advance(S);
    live.report('web-1', 'host', false, M);
    expect(live.snapshot()).toEqual([{ name: 'web-1', ciClass: 'host', up: false, since: t0 + S }]);
  });

  it('keeps at most the latest 64 transitions of a flapping subject between drains', () => {
    const { clock, live, t0 } = setup();
    for (let i = 0; i < 200; i++)
      live.poll(sw, i % 2 === 0, { at: clock.advance(S), staleAfterMs: 5 * M, downAfterFailures: 1 });
    const drained = live.drainTransitions();
    expect(drained).toHaveLength(64);
    expect(drained[0]).toEqual({ ...sw, up: true, at: t0 + 137 * S });
    expect(drained[63]).toEqual({ ...sw, up: false, at: t0 + 200 * S });
  });
});
