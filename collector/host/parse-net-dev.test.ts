import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNetDev } from './parse-net-dev.js';
import { PROCFS_FIXTURES } from './procfs-fixture.js';

const fixture = (path: string) => readFileSync(join(PROCFS_FIXTURES, path), 'utf8');

describe('parseNetDev', () => {
  it('reads the counters of every interface of this VM', () => {
    const counters = parseNetDev(fixture('vm-debian-12/t0/proc/net/dev'));
    expect(counters.map((c) => c.iface)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(counters.find((c) => c.iface === 'eth0')).toEqual({
      iface: 'eth0',
      rxBytes: 247635695,
      rxErrors: 0,
      rxDropped: 0,
      txBytes: 669868,
      txErrors: 0,
      txDropped: 0,
    });
  });

  it('reads errors and drops of a bare-metal NIC', () => {
    const eno1 = parseNetDev(fixture('bare-metal/t0/proc/net/dev')).find((c) => c.iface === 'eno1');
    expect(eno1).toMatchObject({ rxErrors: 3, rxDropped: 17, txErrors: 0, txDropped: 2 });
  });

  it('reads old kernels that print no space after the colon', () => {
    const line = 'eth0:123456 10 0 0 0 0 0 0 654321 20 0 0 0 0 0 0';
    expect(parseNetDev(line)[0]).toMatchObject({ iface: 'eth0', rxBytes: 123456, txBytes: 654321 });
  });

  it('skips truncated, non-numeric and garbage lines and names unsafe in a path', () => {
    expect(parseNetDev(fixture('malformed/t0/proc/net/dev'))).toEqual([]);
    expect(parseNetDev('')).toEqual([]);
  });
});
