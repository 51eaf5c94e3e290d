import { readFileSync } from 'node:fs';

/** Reads `collector/ssh/fixtures/<dir>/<name>.txt` (real command output) for parser tests. */
export function fixture(dir: string, name: string): string {
  return readFileSync(new URL(`../fixtures/${dir}/${name}.txt`, import.meta.url), 'utf8');
}

/**
 * Fixture directories holding every section of one host, captured by `fixtures/capture.ts`:
 * Debian 12 with its own tools, BusyBox 1.35 alone, and BusyBox without `ip`.
 */
export const FULL_CAPTURES = ['debian-12', 'busybox-1.35', 'busybox-1.35-no-ip'] as const;

/** Hostile input shared by every parser test: binary, huge, control characters. */
export const HOSTILE_INPUTS: readonly string[] = [
  '',
  '\0\x01\x02\xff\xfe binary \u0000',
  'x'.repeat(2_000_000),
  '\n'.repeat(100_000),
  '{"blockdevices": [',
  '[{"ifname": 5}]',
  'null',
];

/**
 * The line `uname -snrm` prints, taken from a real `uname -a` capture (no public RHEL-like
 * capture of `-snrm` exists). `uname -a` prints -s -n -r -v -m -p -i -o; -v holds spaces, so
 * the machine is counted from the end. Valid for captures that print -p and -i, as
 * `rhel-like/uname-a-centos-7.7` does.
 */
export function snrmFromUnameA(unameA: string): string {
  const fields = unameA.trim().split(' ');
  return `${fields[0]} ${fields[1]} ${fields[2]} ${fields[fields.length - 4]}\n`;
}

/**
 * The `dmi` section the inventory script prints (`name=value` per /sys/class/dmi/id file),
 * built from a real dmidecode "System Information" block (no public RHEL-like capture of the
 * sysfs files exists). The kernel fills sys_vendor, product_name, product_serial and
 * product_uuid from the same SMBIOS type 1 fields dmidecode shows as Manufacturer, Product
 * Name, Serial Number and UUID.
 */
export function dmiSectionFromDmidecode(dmidecode: string): string {
  const field = (name: string) => new RegExp(`^\\t${name}: (.*)$`, 'm').exec(dmidecode)?.[1] ?? '';
  return [
    `sys_vendor=${field('Manufacturer')}`,
    `product_name=${field('Product Name')}`,
    `product_serial=${field('Serial Number')}`,
    `product_uuid=${field('UUID')}`,
    '',
  ].join('\n');
}
