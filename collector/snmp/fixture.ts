import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSnmprec } from './snmprec.js';
import type { Varbind } from './varbind.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'collector', 'snmp', 'fixtures');

/** A recorded walk from `collector/snmp/fixtures/<name>.snmprec` (works from src and dist). */
export function fixtureWalk(name: string): Varbind[] {
  const local = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', `${name}.snmprec`);
  let text: string;
  try {
    text = readFileSync(local, 'utf8');
  } catch {
    text = readFileSync(join(DIR, `${name}.snmprec`), 'utf8');
  }
  return parseSnmprec(text);
}
