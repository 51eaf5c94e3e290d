import { fieldsOf, parseCount } from './parse-number.js';

/** The counters of one network interface since it was created (/proc/net/dev). */
export interface NetCounters {
  iface: string;
  rxBytes: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txErrors: number;
  txDropped: number;
}

/**
 * Parses /proc/net/dev: `name: <8 receive counters> <8 transmit counters>`. The two header
 * lines have no colon and are skipped, as is any line with fewer than 16 numeric fields.
 * Interface names cannot contain a colon, slash or space, so the first colon ends the name (old
 * kernels print `eth0:123` without a space) and the name is safe in a /sys path.
 */
export function parseNetDev(text: string): NetCounters[] {
  const interfaces = new Map<string, NetCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const iface = line.slice(0, colon).trim();
    const values = fieldsOf(line.slice(colon + 1))
      .slice(0, 16)
      .map(parseCount);
    if (
      !/^[^\s/]+$/.test(iface) ||
      iface === '.' ||
      iface === '..' ||
      interfaces.has(iface) ||
      values.length < 16
    )
      continue;
    if (values.some((v) => v === undefined)) continue;
    const v = values as number[];
    interfaces.set(iface, {
      iface,
      rxBytes: v[0]!,
      rxErrors: v[2]!,
      rxDropped: v[3]!,
      txBytes: v[8]!,
      txErrors: v[10]!,
      txDropped: v[11]!,
    });
  }
  return [...interfaces.values()];
}
