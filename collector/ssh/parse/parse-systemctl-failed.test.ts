import { describe, expect, it } from 'vitest';
import { fixture } from './fixture.js';
import { parseSystemctlFailed } from './parse-systemctl-failed.js';

describe('parseSystemctlFailed', () => {
  it('reads --output=json', () => {
    expect(parseSystemctlFailed(fixture('rocky-9', 'systemctl-failed'))).toEqual([
      'kdump.service',
      'mdmonitor.service',
    ]);
    expect(parseSystemctlFailed('[]\n')).toEqual([]);
  });

  it('reads the plain listing of older systemd, with bullets, header and legend', () => {
    expect(parseSystemctlFailed(fixture('variants', 'systemctl-plain-rhel8'))).toEqual([
      'kdump.service',
      'rngd.service',
    ]);
    expect(parseSystemctlFailed(fixture('variants', 'systemctl-plain-nolegend'))).toEqual([
      'nginx.service',
      'backup@nightly.service',
    ]);
  });

  it('tells "unknown" (no systemd, BusyBox) from "none failed"', () => {
    expect(parseSystemctlFailed(fixture('alpine-3.19', 'systemctl-failed'))).toBeUndefined();
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
