import { describe, expect, it } from 'vitest';
import { FULL_CAPTURES, fixture, HOSTILE_INPUTS } from './parse/fixture.js';
import { INVENTORY_SECTIONS } from './scripts.js';
import { unavailableCommands } from './unavailable-commands.js';

const sectionsOf = (dir: string) => new Map(INVENTORY_SECTIONS.map((name) => [name, fixture(dir, name)]));

describe('unavailableCommands', () => {
  it('names missing commands and missing options of present ones', () => {
    expect(unavailableCommands(sectionsOf('debian-12'))).toEqual([]);
    expect(unavailableCommands(sectionsOf('busybox-1.35'))).toEqual(['ip -j', 'lsblk', 'systemctl']);
    expect(unavailableCommands(sectionsOf('busybox-1.35-no-ip'))).toEqual(['ip', 'lsblk', 'systemctl']);
    const oldRhel = new Map([
      ['ip-addr', fixture('rhel-like', 'ip-addr-rhel')],
      ['df', fixture('rhel-like', 'df-centos-7.7')],
      ['lsblk', ''],
      ['sysblock', 'sda\t41943040\t0\t\t\n'],
    ]);
    expect(unavailableCommands(oldRhel)).toEqual(['df -T', 'ip -j', 'lsblk -J']);
  });

  it('ignores unknown or hostile names in the section', () => {
    const sections = new Map([['missing-commands', 'ip\nrm -rf /\n$(reboot)\nip\n']]);
    expect(unavailableCommands(sections)).toEqual(['ip']);
    for (const input of HOSTILE_INPUTS) {
      const names = unavailableCommands(new Map(INVENTORY_SECTIONS.map((name) => [name, input])));
      expect(names.every((n) => /^(ip|lsblk|hostname|systemctl|timeout)( -[jJT])?$|^df -T$/.test(n))).toBe(
        true,
      );
    }
    for (const dir of FULL_CAPTURES) expect(Array.isArray(unavailableCommands(sectionsOf(dir)))).toBe(true);
  });
});
