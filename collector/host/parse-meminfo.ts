import { fieldsOf, parseCount } from './parse-number.js';

/**
 * Parses /proc/meminfo into bytes by field name (`MemTotal` -> 25276026880). Values in `kB`
 * are multiplied by 1024; unitless ones (`HugePages_Total`) are kept as they are. Lines that
 * are not `Name: <integer> [kB]` are skipped; the first occurrence of a name wins.
 */
export function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const [amount, unit, ...rest] = fieldsOf(line.slice(colon + 1));
    const value = parseCount(amount);
    if (name === '' || value === undefined || rest.length > 0 || fields.has(name)) continue;
    if (unit === undefined) fields.set(name, value);
    else if (unit === 'kB') fields.set(name, value * 1024);
  }
  return fields;
}

/**
 * /proc/meminfo -> the `si.mem()` shape the memory mapper reads. `available` falls back to
 * free + buffers + cached on kernels before 3.14 (no MemAvailable), as systeminformation does.
 * Fields whose source line is missing are left out.
 */
export function memoryFromMeminfo(info: ReadonlyMap<string, number>): Record<string, number> {
  const get = (name: string) => info.get(name);
  const total = get('MemTotal');
  const free = get('MemFree');
  const buffers = get('Buffers');
  const cached = get('Cached');
  const slab = get('Slab');
  const fallbackAvailable =
    free !== undefined && buffers !== undefined && cached !== undefined ? free + buffers + cached : undefined;
  const available = get('MemAvailable') ?? fallbackAvailable;
  const swaptotal = get('SwapTotal');
  const swapfree = get('SwapFree');
  const result: Record<string, number | undefined> = {
    total,
    free,
    used: total !== undefined && free !== undefined ? total - free : undefined,
    active: total !== undefined && available !== undefined ? total - available : undefined,
    available,
    buffers,
    cached,
    slab,
    buffcache:
      buffers !== undefined && cached !== undefined && slab !== undefined
        ? buffers + cached + slab
        : undefined,
    reclaimable: get('SReclaimable'),
    swaptotal,
    swapfree,
    swapused: swaptotal !== undefined && swapfree !== undefined ? swaptotal - swapfree : undefined,
    writeback: get('Writeback'),
    dirty: get('Dirty'),
  };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as Record<
    string,
    number
  >;
}
