/** /proc/loadavg's three averages. */
export interface LoadAverage {
  load1: number;
  load5: number;
  load15: number;
}

/** Parses /proc/loadavg (`0.52 0.58 0.59 1/467 12345`); `undefined` for anything else. */
export function parseLoadavg(text: string): LoadAverage | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(\s|$)/.exec(text);
  if (!match) return undefined;
  return { load1: Number(match[1]), load5: Number(match[2]), load15: Number(match[3]) };
}

/** Parses a single non-negative integer line (`nproc`); `undefined` otherwise. */
export function parseCount(text: string): number | undefined {
  const match = /^\s*(\d{1,7})\s*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Parses /proc/uptime's first field in seconds; `undefined` for anything else. */
export function parseUptime(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s/.exec(text);
  return match ? Number(match[1]) : undefined;
}
