import { describe, expect, it } from 'vitest';
import { dmiSectionFromDmidecode, FULL_CAPTURES, fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseDmi } from './parse-dmi.js';
import { parseCount, parseLoadavg, parseUptime } from './parse-loadavg.js';
import { parseSections } from './parse-sections.js';

describe('parseDmi', () => {
  it('reads vendor, model, serial and a lower-case uuid', () => {
    const lines =
      'sys_vendor=Dell Inc.\nproduct_name=PowerEdge R640\nproduct_serial=7XK2M93\nproduct_uuid=4C4C4544-0058-4B10-8032-B7C04F4D3933\n';
    expect(parseDmi(lines)).toEqual({
      vendor: 'Dell Inc.',
      model: 'PowerEdge R640',
      serial: '7XK2M93',
      uuid: '4c4c4544-0058-4b10-8032-b7c04f4d3933',
    });
  });

  it('reads what a CentOS 7.7 VMware VM showed (its dmidecode System Information standing in for sysfs)', () => {
    const section = dmiSectionFromDmidecode(fixture('rhel-like', 'dmidecode-system-centos-7.7-vmware'));
    expect(parseDmi(section)).toEqual({
      vendor: 'VMware, Inc.',
      model: 'VMware Virtual Platform',
      serial: 'VMware-56 4d fd 28 89 33 f8 e2-64 74 01 59 92 3b 58 0e',
      uuid: '28fd4d56-3389-e2f8-6474-0159923b580e',
    });
  });

  it('drops unreadable files and placeholders', () => {
    for (const dir of FULL_CAPTURES) expect(parseDmi(fixture(dir, 'dmi'))).toEqual({});
    expect(parseDmi('sys_vendor=Xen\nproduct_name=HVM domU\nproduct_serial=\nproduct_uuid=\n')).toEqual({
      vendor: 'Xen',
      model: 'HVM domU',
    });
    expect(
      parseDmi('product_serial=To be filled by O.E.M.\nproduct_uuid=00000000-0000-0000-0000-000000000000'),
    ).toEqual({});
    for (const input of HOSTILE_INPUTS) expect(parseDmi(input)).toEqual({});
  });
});

describe('load, nproc and uptime', () => {
  it('reads every capture', () => {
    for (const dir of FULL_CAPTURES) {
      expect(parseLoadavg(fixture(dir, 'loadavg'))?.load1).toBeGreaterThanOrEqual(0);
      expect(parseCount(fixture(dir, 'nproc'))).toBeGreaterThan(0);
      expect(parseUptime(fixture(dir, 'uptime'))).toBeGreaterThan(0);
    }
    expect(parseLoadavg('3.12 2.87 2.65 4/1023 887123')).toEqual({ load1: 3.12, load5: 2.87, load15: 2.65 });
  });

  it('rejects junk', () => {
    for (const input of HOSTILE_INPUTS) {
      expect(parseLoadavg(input)).toBeUndefined();
      expect(parseCount(input)).toBeUndefined();
      expect(parseUptime(input)).toBeUndefined();
    }
    expect(parseCount('99999999999')).toBeUndefined();
  });
});

describe('parseSections', () => {
  const marker = (nonce: string, name: string) => `\n@@vigil-${nonce}@@ ${name}\n`;
  it('splits at the nonce markers only', () => {
    const out = `junk${marker('n1', 'a')}one\n${marker('n1', 'b')}two${marker('other', 'a')}forged\n`;
    const sections = parseSections(out, 'n1', ['a', 'b']);
    expect(sections.get('a')).toBe('one\n');
    expect(sections.get('b')).toBe(`two${marker('other', 'a')}forged\n`);
  });

  it('leaves out missing sections', () => {
    expect(parseSections('no markers', 'n1', ['a']).size).toBe(0);
  });
});
