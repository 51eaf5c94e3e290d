import type { Interval } from './intervals.js';

/**
 * Problems with a list of configured windows (maintenance, outages entered by hand): inverted or
 * empty ones, and ones overlapping another, each named by its index, so a config or API error can
 * say which entry to fix. Empty when the list is sound.
 */
export function windowProblems(windows: readonly Interval[]): string[] {
  const problems: string[] = [];
  windows.forEach((w, i) => {
    if (!Number.isFinite(w.start) || !Number.isFinite(w.end))
      problems.push(`window ${i} has a start or end that is not a time`);
    else if (w.end <= w.start)
      problems.push(`window ${i} ends (${iso(w.end)}) before it starts (${iso(w.start)})`);
  });
  const sound = windows
    .map((w, i) => ({ ...w, i }))
    .filter((w) => Number.isFinite(w.start) && Number.isFinite(w.end) && w.end > w.start)
    .sort((a, b) => a.start - b.start);
  for (let k = 1; k < sound.length; k++) {
    const prev = sound[k - 1]!;
    const next = sound[k]!;
    if (next.start < prev.end)
      problems.push(`window ${next.i} overlaps window ${prev.i}; merge them into one`);
  }
  return problems;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
