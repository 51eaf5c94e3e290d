import type { DeliveryPolicy } from './setup.js';

/**
 * How long to wait after the `attempt`-th failed attempt (1-based): `initialBackoffMs` doubled per
 * further attempt, capped at `maxBackoffMs`, then "equal jitter" (between half and all of it, by
 * `random()` in [0, 1)) so receivers that failed together are not retried in lockstep.
 * @example backoffDelay(3, { initialBackoffMs: 1000, maxBackoffMs: 60_000 }, () => 0) === 2000
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<DeliveryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const full = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** exponent);
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(full / 2 + (full / 2) * jitter);
}
