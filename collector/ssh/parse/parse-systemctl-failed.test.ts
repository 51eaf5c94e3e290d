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
