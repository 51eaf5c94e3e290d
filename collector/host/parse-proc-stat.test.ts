import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuLoadBetween } from './cpu-load.js';
import { parseProcStat } from './parse-proc-stat.js';
import { parseUptime } from './parse-uptime.js';
import { PROCFS_FIXTURES } from './procfs-fixture.js';

const fixture = (path: string) => readFileSync(join(PROCFS_FIXTURES, path), 'utf8');

describe('parseProcStat', () => {
  it('reads the aggregate cpu line and btime of this VM', () => {
    expect(parseProcStat(fixture('vm-debian-12/t0/proc/stat'))).toEqual({
      cpu: {
        user: 158456,
        nice: 0,
        system: 69751,
        idle: 258633,
        iowait: 3845,
        irq: 0,
        softirq: 3012,
        steal: 0,
      },
      bootTime: 1795771205,
    });
  });

  it('treats fields old kernels lack as 0', () => {
    expect(parseProcStat('cpu  10 1 5 80\n').cpu).toEqual({
      user: 10,
      nice: 1,
      system: 5,
      idle: 80,
      iowait: 0,
      irq: 0,
      softirq: 0,
      steal: 0,
    });
  });

  it('skips malformed, truncated and garbage lines instead of guessing', () => {
    expect(parseProcStat(fixture('malformed/t0/proc/stat'))).toEqual({});
    expect(parseProcStat('')).toEqual({});
    expect(parseProcStat('cpu  1 2 3 4 5 6 7 8 9 10\ncpu  99 99 99 99\n').cpu?.user).toBe(1);
  });
});

describe('cpuLoadBetween', () => {
  const t0 = parseProcStat(fixture('vm-debian-12/t0/proc/stat')).cpu;
  const t1 = parseProcStat(fixture('vm-debian-12/t1/proc/stat')).cpu;

  it('is the busy share of the ticks between two real samples; iowait counts as idle', () => {
    // user +53, system +40, softirq +4 = 97 busy; idle +332, iowait +10 -> 439 ticks
    const load = cpuLoadBetween(t0, t1);
    expect(load.currentLoad).toBeCloseTo((97 / 439) * 100, 10);
    expect(load.currentLoadUser).toBeCloseTo((53 / 439) * 100, 10);
    expect(load.currentLoadIowait).toBeCloseTo((10 / 439) * 100, 10);
    expect(load.currentLoadIrq).toBeCloseTo((4 / 439) * 100, 10);
  });

  it('is unknown without a previous sample, without elapsed ticks, or when counters went backwards', () => {
    expect(cpuLoadBetween(undefined, t1).currentLoad).toBeNull();
    expect(cpuLoadBetween(t1, undefined).currentLoad).toBeNull();
    expect(cpuLoadBetween(t1, t1).currentLoad).toBeNull();
    expect(cpuLoadBetween(t1, t0).currentLoad).toBeNull();
  });
});

describe('parseUptime', () => {
  it('reads the seconds since boot', () => {
    expect(parseUptime(fixture('vm-debian-12/t0/proc/uptime'))).toBe(2476.55);
  });

  it('rejects garbage and negative values', () => {
    expect(parseUptime(fixture('malformed/t0/proc/uptime'))).toBeUndefined();
    expect(parseUptime('')).toBeUndefined();
    expect(parseUptime('-5 3')).toBeUndefined();
    expect(parseUptime('NaN NaN')).toBeUndefined();
  });
});
