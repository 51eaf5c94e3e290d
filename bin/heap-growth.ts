import { setFlagsFromString } from 'node:v8';
import { VigilError } from '../correlator/errors/vigil-error.js';

/**
 * How far past its live size V8 may let the old generation grow before the next full GC, per
 * command. `vigil server` and `vigil agent` favour a flat memory line (a replica holds no alert
 * state, and an agent shares its host): 30 %, about 5 % more CPU per ingested event than V8's
 * default in `bench:ingest`. `vigil run` keeps its ingest rate: 100 %, which costs no measurable CPU
 * and still trims its RSS under load from about 300 to 255 MB.
 */
export const HEAP_GROWING_PERCENT = { run: 100, server: 30, agent: 30 } as const;
/** The environment variable that overrides it; 0 leaves V8's adaptive default. */
export const HEAP_GROWING_ENV = 'VIGIL_HEAP_GROWING_PERCENT';

/**
 * Caps how much garbage the long-running commands (`run`, `server`, `agent`) let pile up between
 * full garbage collections. Their live heap is small (alerts live in the store, caches are bounded),
 * but every ingest batch leaves its request body, records and store payloads behind, and V8's
 * adaptive heap growth (up to 4x the live size, more the faster a process allocates) let that
 * garbage reach 900 MB of RSS at 1,000,000 alerts in `bench:redis-memory` where the live heap was
 * 23 MB. A fixed growth keeps the peak near the live size at the price of more, smaller full
 * collections. Must run before the command allocates its working set. Returns the percent set,
 * or null when V8's default was left.
 */
export function limitHeapGrowth(
  command: keyof typeof HEAP_GROWING_PERCENT,
  env: NodeJS.ProcessEnv = process.env,
): number | null {
  const raw = env[HEAP_GROWING_ENV];
  let percent: number = HEAP_GROWING_PERCENT[command];
  if (raw !== undefined && raw.trim() !== '') {
    const value = raw.trim();
    percent = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
    if (!(percent >= 0 && percent <= 400))
      throw new VigilError('VIGIL_ERR_ENV_INVALID', {
        name: HEAP_GROWING_ENV,
        value: raw.slice(0, 40),
        reason: 'expected a whole number of percent from 0 (V8 default) to 400',
      });
  }
  if (percent === 0) return null;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
