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
