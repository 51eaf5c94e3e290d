import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseOsRelease } from './parse-os-release.js';

describe('parseOsRelease', () => {
  it('reads Debian, Rocky and Alpine', () => {
    expect(parseOsRelease(fixture('debian-12', 'os-release'))).toEqual({
      id: 'debian',
      name: 'Debian GNU/Linux',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
      versionId: '12',
      versionCodename: 'bookworm',
    });
    expect(parseOsRelease(fixture('rocky-9', 'os-release'))).toMatchObject({
      id: 'rocky',
      idLike: 'rhel centos fedora',
      versionId: '9.3',
    });
    expect(parseOsRelease(fixture('alpine-3.19', 'os-release'))).toMatchObject({
      id: 'alpine',
      versionId: '3.19.1',
    });
  });

  it('unescapes quoted values and refuses unquoted shell syntax', () => {
    expect(parseOsRelease('NAME="A \\"quoted\\" \\$name"\nID=$(reboot)\nVERSION_ID=\'1 2\'')).toEqual({
      name: 'A "quoted" $name',
      versionId: '1 2',
    });
  });

  it('bounds values and survives hostile input', () => {
    expect(parseOsRelease(`NAME="${'a'.repeat(10_000)}"`).name).toHaveLength(256);
    expect(parseOsRelease('NAME="a\u0007b"').name).toBe('ab');
    for (const input of HOSTILE_INPUTS) expect(parseOsRelease(input)).toEqual({});
  });
});
