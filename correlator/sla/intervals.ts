/** A half-open time interval [start, end) in ms since epoch; empty when end <= start. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Sorted, non-overlapping, non-empty intervals: overlapping and touching ones merged. */
export function normalise(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, i.end) };
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** The parts of `a` that are also in `b` (both normalised first). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = normalise(a);
  const y = normalise(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i]!.start, y[j]!.start);
    const end = Math.min(x[i]!.end, y[j]!.end);
    if (end > start) out.push({ start, end });
    if (x[i]!.end < y[j]!.end) i++;
    else j++;
  }
  return out;
}

/** The parts of `a` not in `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const y = normalise(b);
  const out: Interval[] = [];
  for (const piece of normalise(a)) {
    let start = piece.start;
    for (const cut of y) {
      if (cut.end <= start) continue;
      if (cut.start >= piece.end) break;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
      if (start >= piece.end) break;
    }
    if (start < piece.end) out.push({ start, end: piece.end });
  }
  return out;
}

/** Total length in ms of normalised intervals (overlaps counted once). */
export function totalMs(intervals: readonly Interval[]): number {
  return normalise(intervals).reduce((sum, i) => sum + (i.end - i.start), 0);
}
