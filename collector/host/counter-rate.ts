/** Counter readings of several devices (disks, interfaces) at one moment. */
export interface CounterSample {
  /** Monotonic time of the reading, ms. */
  atMs: number;
  /** Counters by device name; every array has the same layout. */
  byDevice: ReadonlyMap<string, readonly number[]>;
}

/**
 * Per-second rate of one counter between two readings, or `null` when it cannot be known:
 * no earlier reading, no time elapsed, or the counter went backwards (reset, 32-bit wrap,
 * device replaced). Never negative.
 */
export function counterRate(prev: number | undefined, cur: number, seconds: number): number | null {
  if (prev === undefined || !(seconds > 0) || cur < prev) return null;
  return (cur - prev) / seconds;
}

/**
 * Per-second rates of counters summed over devices. Each device present in both readings adds
 * its increase; a device that just appeared has no baseline and adds nothing this time (adding
 * its lifetime total would be a huge false spike). If any device's counter went backwards, that
 * summed rate is `null` for this interval.
 */
export function summedRates(
  prev: CounterSample | undefined,
  cur: CounterSample,
  width: number,
): (number | null)[] {
  const seconds = prev ? (cur.atMs - prev.atMs) / 1000 : 0;
  const rates: (number | null)[] = [];
  for (let i = 0; i < width; i++) {
    if (!prev || !(seconds > 0)) {
      rates.push(null);
      continue;
    }
    let increase = 0;
    let known = true;
    for (const [device, counters] of cur.byDevice) {
      const before = prev.byDevice.get(device)?.[i];
      const now = counters[i];
      if (before === undefined || now === undefined) continue;
      if (now < before) known = false;
      else increase += now - before;
    }
    rates.push(known ? increase / seconds : null);
  }
  return rates;
}
