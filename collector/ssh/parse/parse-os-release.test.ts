import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseOsRelease } from './parse-os-release.js';

describe('parseOsRelease', () => {
  it('reads Debian, Rocky, RHEL, CentOS 7 and Alpine', () => {
    expect(parseOsRelease(fixture('debian-12', 'os-release'))).toEqual({
      id: 'debian',
      name: 'Debian GNU/Linux',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
      versionId: '12',
      versionCodename: 'bookworm',
    });
    expect(parseOsRelease(fixture('rhel-like', 'os-release-rocky-9.3'))).toMatchObject({
      id: 'rocky',
      idLike: 'rhel centos fedora',
      versionId: '9.3',
      prettyName: 'Rocky Linux 9.3 (Blue Onyx)',
    });
    expect(parseOsRelease(fixture('rhel-like', 'os-release-rhel-9.6'))).toMatchObject({
      id: 'rhel',
      name: 'Red Hat Enterprise Linux',
      versionId: '9.6',
    });
    // CentOS 7: a blank line between the standard keys and the vendor's own.
    expect(parseOsRelease(fixture('rhel-like', 'os-release-centos-7'))).toEqual({
      id: 'centos',
      idLike: 'rhel fedora',
      name: 'CentOS Linux',
      prettyName: 'CentOS Linux 7 (Core)',
      versionId: '7',
    });
    expect(parseOsRelease(fixture('alpine', 'os-release-3.23'))).toMatchObject({
      id: 'alpine',
      versionId: '3.23.2',
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
