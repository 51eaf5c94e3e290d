import { describe, expect, it } from 'vitest';
import { fixture } from './fixture.js';
import { parseSystemctlFailed } from './parse-systemctl-failed.js';

describe('parseSystemctlFailed', () => {
  it('reads --output=json', () => {
    const json =
      '[{"unit":"kdump.service","load":"loaded","active":"failed","sub":"failed","description":"Crash recovery kernel arming"},{"unit":"mdmonitor.service","load":"loaded","active":"failed","sub":"failed","description":"x"}]';
    expect(parseSystemctlFailed(json)).toEqual(['kdump.service', 'mdmonitor.service']);
    expect(parseSystemctlFailed('[]\n')).toEqual([]);
  });

  it('reads the plain listing of older systemd, with bullets, header and legend (hand-made variants)', () => {
    expect(parseSystemctlFailed(fixture('variants', 'systemctl-plain-rhel8'))).toEqual([
      'kdump.service',
      'rngd.service',
    ]);
    expect(parseSystemctlFailed(fixture('variants', 'systemctl-plain-nolegend'))).toEqual([
      'nginx.service',
      'backup@nightly.service',
    ]);
  });

  it('reads the table systemd 219 prints (CentOS 7.7): header, bullets, \\x2d escapes, legend and footer', () => {
    // `list-units --all` (no failed unit in it): the table `--failed` prints on systemd without
    // JSON tables. systemd 219 accepts the script's `--output=json` as a journal output mode
    // (systemctl.c of redhat-plumbers/systemd-rhel7) and prints this table, header and legend
    // included, so the `--no-legend --plain` fallback does not run there.
    const table = fixture('rhel-like', 'systemctl-list-units-all-centos-7.7');
    const units = parseSystemctlFailed(table)!;
    expect(units).toHaveLength(220); // the footer says "220 loaded units listed."
    expect(units[0]).toBe('proc-sys-fs-binfmt_misc.automount');
    expect(units.at(-1)).toBe('systemd-tmpfiles-clean.timer');
    expect(units).toEqual(
      expect.arrayContaining([
        'cloud-init.service', // "● cloud-init.service  not-found inactive dead"
        'lvm2-pvscan@8:2.service',
        'dev-disk-by\\x2duuid-615eb89d\\x2dbcbf\\x2d46ad\\x2d80e3\\x2dc483ef5c931f.swap',
        '-.slice',
      ]),
    );
    expect(units.filter((u) => /^(UNIT|LOAD|ACTIVE|SUB|\d+|To)$/.test(u))).toEqual([]);
    // Output cut anywhere (a dropped connection, a byte limit) gives whole names only.
    for (const cut of [16000, 16020, 16040, 20017, 32000]) {
      const partial = parseSystemctlFailed(table.slice(0, cut))!;
      expect(partial.length).toBeGreaterThan(0);
      expect(partial).toEqual(units.slice(0, partial.length));
    }
    // The legend and footer alone (no rows): none failed, not unknown.
    expect(parseSystemctlFailed(table.slice(table.indexOf('\nLOAD   =')))).toEqual([]);
  });

  it('tells "unknown" (no systemd: BusyBox, or systemd not running) from "none failed"', () => {
    expect(parseSystemctlFailed(fixture('busybox-1.35', 'systemctl-failed'))).toBeUndefined();
    expect(parseSystemctlFailed(fixture('debian-12', 'systemctl-failed'))).toBeUndefined();
    expect(parseSystemctlFailed('')).toEqual([]);
    expect(parseSystemctlFailed('[{"unit": "x"')).toBeUndefined();
  });

  it('drops unit names with shell or control characters and bounds the count', () => {
    expect(parseSystemctlFailed('[{"unit":"a$(x).service"},{"unit":"ok.service"},{"unit":7}]')).toEqual([
      'ok.service',
    ]);
    const many = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ unit: `u${i}.service` })));
    expect(parseSystemctlFailed(many)).toHaveLength(1000);
  });
});
