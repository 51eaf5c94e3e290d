import { VigilError } from '../correlator/errors/vigil-error.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/**
 * Parses a human duration (`500ms`, `15s`, `5m`, `2h`, `1d`, `1w`, or compound `1h30m`) into
 * milliseconds. Config and rules use one syntax so users learn it once.
 * @example parseDuration('1h30m') === 5_400_000
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value * 1000;
    throw new VigilError('VIGIL_ERR_DURATION_INVALID', { value: String(value) });
  }
  const text = value.trim();
  if (text === '' || text.length > 32) throw new VigilError('VIGIL_ERR_DURATION_INVALID', { value });
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const part = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/.exec(rest);
    if (!part || !DURATION.test(part[0])) throw new VigilError('VIGIL_ERR_DURATION_INVALID', { value });
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
    rest = rest.slice(part[0].length);
  }
  return Math.round(total);
}

/** Formats milliseconds back into the shortest readable duration (`90000` -> `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
