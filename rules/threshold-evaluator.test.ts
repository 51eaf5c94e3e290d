import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../collector/sample.js';
import { ManualClock } from '../correlator/clock/clock.js';
import { parseRuleText } from './parse-rule-text.js';
import { ThresholdEvaluator } from './threshold-evaluator.js';

const INTERVAL = 15_000;

function evaluatorFor(yaml: string, options: ConstructorParameters<typeof ThresholdEvaluator>[1] = {}) {
  const rules = parseRuleText(yaml, 'test.yaml').thresholds;
  const clock = new ManualClock();
  const evaluator = new ThresholdEvaluator(rules, { intervalMs: INTERVAL, ...options });
  /** Feeds one snapshot at the current time, then moves the clock one interval on. */
  const cycle = (samples: MetricSample[], resource = 'web-1') => {
    const events = evaluator.evaluate({ resource, time: clock.now(), samples }, clock.now());
    clock.advance(INTERVAL);
    return events;
  };
  return { evaluator, clock, cycle };
}

const disk = (value: number, mount = '/var', fstype = 'ext4'): MetricSample => ({
  name: 'filesystem.used_percent',
  labels: { mount, fstype },
  value,
});

const DISK_RULE = `
thresholds:
  - name: filesystem-full
    metric: filesystem.used_percent
    matchers: ['fstype!~"tmpfs|overlay"']
    above: 90
    recover: 85
    severity: major
    category: capacity
    summary: 'Filesystem {{ labels.mount }} is {{ value }}% full (threshold {{ threshold }}%)'
    labels: { team: storage }
`;

describe('ThresholdEvaluator hysteresis', () => {
  it('fires once for a disk at 91, 89, 91 % with above 90 / recover 85, and does not flap', () => {
    const { cycle } = evaluatorFor(DISK_RULE);
    const events = [cycle([disk(91)]), cycle([disk(89)]), cycle([disk(91)])];
    expect(events.map((batch) => batch.map((e) => e.status))).toEqual([['firing'], [], []]);
  });

  it('never flaps while a value oscillates around the threshold above recover, and resolves below it', () => {
    const { cycle } = evaluatorFor(DISK_RULE);
    const statuses: string[] = [];
    for (let i = 0; i < 20; i++) statuses.push(...cycle([disk(i % 2 === 0 ? 91 : 89)]).map((e) => e.status));
    expect(statuses).toEqual(['firing']);
    expect(cycle([disk(85.5)])).toEqual([]);
    expect(cycle([disk(85)]).map((e) => e.status)).toEqual(['resolved']);
    expect(cycle([disk(84)])).toEqual([]);
  });

  it('resolves at the threshold itself when no recover is set', () => {
    const { cycle } = evaluatorFor(DISK_RULE.replace('    recover: 85\n', ''));
    expect(cycle([disk(91)]).map((e) => e.status)).toEqual(['firing']);
    expect(cycle([disk(90)]).map((e) => e.status)).toEqual(['resolved']);
  });
});

describe('ThresholdEvaluator events', () => {
  it('builds firing and resolved events with the same identity and the rule severity', () => {
    const { cycle, clock } = evaluatorFor(DISK_RULE);
    const start = clock.now();
    const [firing] = cycle([disk(91.256)]);
    const [resolved] = cycle([disk(50)]);
    expect(firing).toEqual({
      source: 'host',
      resource: 'web-1',
      check: 'filesystem-full',
      severity: 'major',
      status: 'firing',
      summary: 'Filesystem /var is 91.26% full (threshold 90%)',
      labels: { mount: '/var', fstype: 'ext4', team: 'storage', category: 'capacity' },
      time: new Date(start).toISOString(),
    });
    expect(resolved).toMatchObject({
      check: 'filesystem-full',
      severity: 'major',
      status: 'resolved',
      labels: firing!.labels,
      summary: 'Filesystem /var is 50% full (threshold 90%)',
      time: new Date(start + INTERVAL).toISOString(),
    });
  });

  it('uses check: when set and the snapshot source when given', () => {
    const { evaluator } = evaluatorFor(DISK_RULE.replace('    metric:', '    check: fs.used\n    metric:'));
    const [event] = evaluator.evaluate({ source: 'ssh', resource: 'db-1', time: 0, samples: [disk(99)] });
    expect(event).toMatchObject({ source: 'ssh', resource: 'db-1', check: 'fs.used' });
  });

  it('ignores series the matchers exclude, other metrics and non-finite values', () => {
    const { cycle } = evaluatorFor(DISK_RULE);
    expect(
      cycle([
        disk(99, '/dev/shm', 'tmpfs'),
        { name: 'memory.used_percent', labels: {}, value: 99 },
        disk(Number.NaN),
      ]),
    ).toEqual([]);
  });

  it('tracks each series and each resource on its own', () => {
    const { cycle } = evaluatorFor(DISK_RULE);
    expect(cycle([disk(95, '/'), disk(10, '/var')]).map((e) => e.labels?.['mount'])).toEqual(['/']);
    expect(cycle([disk(95, '/'), disk(95, '/var')]).map((e) => e.labels?.['mount'])).toEqual(['/var']);
    expect(cycle([disk(95, '/')], 'web-2').map((e) => [e.resource, e.labels?.['mount']])).toEqual([
      ['web-2', '/'],
    ]);
  });
});

describe('ThresholdEvaluator timing', () => {
  const SLOW = DISK_RULE.replace('    severity:', '    for: 2m\n    recoverFor: 1m\n    severity:');

  it('fires only after the value has stayed beyond the threshold for `for`', () => {
    const { cycle, clock } = evaluatorFor(SLOW);
    const start = clock.now();
    const fired: number[] = [];
    for (let i = 0; i < 10; i++) {
      const at = clock.now();
      if (cycle([disk(95)]).some((e) => e.status === 'firing')) fired.push(at - start);
    }
    expect(fired).toEqual([120_000]);
  });

  it('restarts the `for` wait when the value dips back during it', () => {
    const { cycle, clock } = evaluatorFor(SLOW);
    const start = clock.now();
    const values = [95, 95, 95, 95, 80, 95, 95, 95, 95, 95, 95, 95, 95, 95];
    const fired = values.flatMap((value, i) => (cycle([disk(value)]).length > 0 ? [i * INTERVAL] : []));
    expect(clock.now() - start).toBe(values.length * INTERVAL);
    expect(fired).toEqual([(5 + 8) * INTERVAL]);
  });

  it('resolves only after the value has stayed recovered for `recoverFor`, restarting on a relapse', () => {
    const { cycle } = evaluatorFor(SLOW);
    for (let i = 0; i <= 8; i++) cycle([disk(95)]);
    const values = [80, 80, 91, 80, 80, 80, 80, 80];
    const statuses = values.map((value) =>
      cycle([disk(value)])
        .map((e) => e.status)
        .join(),
    );
    expect(statuses).toEqual(['', '', '', '', '', '', '', 'resolved']);
  });

  it('supports below-rules: an interface reported down fires, and resolves when it is up again', () => {
    const { cycle } = evaluatorFor(`
thresholds:
  - name: interface-down
    metric: network.oper_up
    below: 1
    severity: major
    category: network
    summary: 'Interface {{ labels.interface }} is down'
`);
    const oper = (value: number) => [{ name: 'network.oper_up', labels: { interface: 'eno1' }, value }];
    expect(cycle(oper(1))).toEqual([]);
    const [down] = cycle(oper(0));
    expect(down).toMatchObject({ status: 'firing', summary: 'Interface eno1 is down' });
    expect(cycle(oper(0))).toEqual([]);
    expect(cycle(oper(1)).map((e) => e.status)).toEqual(['resolved']);
  });

  it('applies recover on the upper side for below-rules', () => {
    const { cycle } = evaluatorFor(`
thresholds:
  - { name: uptime-low, metric: host.uptime_seconds, below: 900, recover: 1000, severity: warning, category: availability }
`);
    const uptime = (value: number) => [{ name: 'host.uptime_seconds', labels: {}, value }];
    expect(cycle(uptime(100)).map((e) => e.status)).toEqual(['firing']);
    expect(cycle(uptime(950))).toEqual([]);
    expect(cycle(uptime(1000)).map((e) => e.status)).toEqual(['resolved']);
  });
});

describe('ThresholdEvaluator staleness', () => {
  it('resolves a firing series once it has been absent for 3 intervals by default', () => {
    const { cycle } = evaluatorFor(DISK_RULE);
    expect(cycle([disk(95, '/mnt/usb'), disk(10, '/')]).length).toBe(1);
    const later = [
      cycle([disk(10, '/')]),
      cycle([disk(10, '/')]),
      cycle([disk(10, '/')]),
      cycle([disk(10, '/')]),
    ];
    expect(later.map((batch) => batch.map((e) => e.status))).toEqual([[], [], ['resolved'], []]);
    expect(later[2]![0]).toMatchObject({
      labels: { mount: '/mnt/usb' },
      summary: 'Filesystem /mnt/usb is 95% full (threshold 90%) (no longer reported)',
    });
  });

  it('honours an explicit staleness period and resolves even when whole snapshots stop', () => {
    const { evaluator, clock } = evaluatorFor(DISK_RULE, { stalenessMs: 60_000 });
    evaluator.evaluate({ resource: 'web-1', time: clock.now(), samples: [disk(95)] });
    clock.advance(45_000);
    expect(evaluator.evaluate({ resource: 'other', time: clock.now(), samples: [] })).toEqual([]);
    clock.advance(15_000);
    const events = evaluator.evaluate({ resource: 'other', time: clock.now(), samples: [] });
    expect(events.map((e) => [e.resource, e.status])).toEqual([['web-1', 'resolved']]);
    expect(evaluator.activeSeries).toBe(0);
  });

  it('drops a pending series that disappears without emitting anything', () => {
    const { cycle, evaluator } = evaluatorFor(
      DISK_RULE.replace('    severity:', '    for: 5m\n    severity:'),
    );
    cycle([disk(95)]);
    expect(evaluator.activeSeries).toBe(1);
    const later = [cycle([]), cycle([]), cycle([]), cycle([])];
    expect(later.flat()).toEqual([]);
    expect(evaluator.activeSeries).toBe(0);
  });
});

const LEVELS = `
thresholds:
  - name: disk-warning
    check: filesystem.full
    metric: filesystem.used_percent
    above: 85
    recover: 80
    severity: warning
    category: capacity
    summary: 'warning {{ value }}'
  - name: disk-major
    check: filesystem.full
    metric: filesystem.used_percent
    above: 95
    recover: 90
    severity: major
    category: capacity
    summary: 'major {{ value }}'
`;

describe('ThresholdEvaluator severity levels (rules sharing a check)', () => {
  const brief = (events: Array<{ status: string; severity: string; check: string }>) =>
    events.map((e) => `${e.check} ${e.status} ${e.severity}`);

  it('is one alert that rises and falls through the levels and resolves when none fires', () => {
    const { cycle } = evaluatorFor(LEVELS);
    expect(brief(cycle([disk(87)]))).toEqual(['filesystem.full firing warning']);
    expect(brief(cycle([disk(96)]))).toEqual(['filesystem.full firing major']);
    expect(brief(cycle([disk(97)]))).toEqual([]);
    // Major recovers (<= 90) while warning still fires: the alert steps down, it does not resolve.
    expect(brief(cycle([disk(88)]))).toEqual(['filesystem.full firing warning']);
    expect(brief(cycle([disk(83)]))).toEqual([]);
    expect(brief(cycle([disk(79)]))).toEqual(['filesystem.full resolved warning']);
  });

  it('keeps one fingerprint for every level, so the correlator sees one alert', () => {
    const { cycle } = evaluatorFor(LEVELS);
    const events = [...cycle([disk(87)]), ...cycle([disk(96)]), ...cycle([disk(70)])];
    expect(new Set(events.map((e) => JSON.stringify([e.check, e.resource, e.labels]))).size).toBe(1);
  });

  it('resolves a stale multi-level alert once', () => {
    const { cycle, clock } = evaluatorFor(LEVELS);
    cycle([disk(96)]);
    clock.advance(3 * INTERVAL);
    const events = cycle([]);
    expect(brief(events)).toEqual(['filesystem.full resolved major']);
    expect(events[0]!.summary).toContain('no longer reported');
  });
});
