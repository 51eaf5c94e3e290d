import { realValue } from '../../host/junk-value.js';

/** A block device in the shape of `si.blockDevices()`, which the host inventory mapper reads. */
export interface BlockDevice {
  name: string;
  type: string;
  size: number;
  model?: string;
  serial?: string;
  protocol?: string;
  removable: boolean;
  /** `SSD` or `HDD` from the rotational flag, when known. */
  physical?: string;
}

const MAX_DEVICES = 1024;
const NAME = /^[A-Za-z0-9._:+-]{1,64}$/;

/**
 * Parses `lsblk -J -b -o NAME,TYPE,SIZE,MODEL,SERIAL,ROTA,TRAN,RM`, walking `children`.
 * util-linux before 2.33 (RHEL 7, old Debian) prints every value as a string, newer ones use
 * numbers and booleans: both are read. Returns `undefined` when the text is not lsblk JSON.
 */
export function parseLsblkJson(text: string): BlockDevice[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const top = (parsed as { blockdevices?: unknown })?.blockdevices;
  if (!Array.isArray(top)) return undefined;
  const out: BlockDevice[] = [];
  const walk = (nodes: unknown[], depth: number) => {
    for (const node of nodes) {
      if (out.length >= MAX_DEVICES || depth > 8 || typeof node !== 'object' || node === null) return;
      const d = node as Record<string, unknown>;
      const name = typeof d['name'] === 'string' ? d['name'] : undefined;
      const size = toNumber(d['size']);
      if (name && NAME.test(name) && typeof d['type'] === 'string' && size !== undefined) {
        const rota = toBool(d['rota']);
        out.push(
          withoutUndefined({
            name,
            type: d['type'],
            size,
            model: realValue(d['model']),
            serial: realValue(d['serial']),
            protocol: realValue(d['tran']),
            removable: toBool(d['rm']) === true,
            physical: rota === undefined ? undefined : rota ? 'HDD' : 'SSD',
          }),
        );
      }
      if (Array.isArray(d['children'])) walk(d['children'], depth + 1);
    }
  };
  walk(top, 0);
  return out;
}

/**
 * Parses the BusyBox fallback: one tab-separated line per /sys/block entry with name, size in
 * 512-byte sectors, removable flag, model and serial. Every entry there is a whole device.
 */
export function parseSysBlock(text: string): BlockDevice[] {
  const out: BlockDevice[] = [];
  for (const line of text.split('\n')) {
    if (out.length >= MAX_DEVICES) break;
    const [name, sectors, removable, model, serial] = line.split('\t');
    const size = toNumber(sectors);
    if (!name || !NAME.test(name) || size === undefined) continue;
    out.push(
      withoutUndefined({
        name,
        type: 'disk',
        size: size * 512,
        model: realValue(model),
        serial: realValue(serial),
        removable: removable?.trim() === '1',
      }),
    );
  }
  return out;
}

function toNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === '1' || value === 1) return true;
  if (value === '0' || value === 0) return false;
  return undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
