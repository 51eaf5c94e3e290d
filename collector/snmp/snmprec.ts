import { SnmpType, type Varbind } from './varbind.js';

const NUMERIC = new Set<number>([SnmpType.Integer, SnmpType.Counter32, SnmpType.Gauge32, SnmpType.TimeTicks]);

/**
 * Parses an snmpsim `.snmprec` recording (`oid|tag|value`, tag `4x`/`64x` = hex) into varbinds,
 * sorted by OID. Lets mapping tests use the real device recordings snmpsim ships. Lines with a
 * variation module (`67:numeric|rate=..,initial=N`) take their `initial` value; unreadable lines
 * are skipped.
 */
export function parseSnmprec(text: string): Varbind[] {
  const out: Varbind[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf('|');
    const second = line.indexOf('|', first + 1);
    if (first <= 0 || second < 0) continue;
    const oid = line.slice(0, first);
    let tag = line.slice(first + 1, second);
    let raw = line.slice(second + 1).replace(/\r$/, '');
    const colon = tag.indexOf(':');
    if (colon >= 0) {
      const initial = /(?:^|,)(?:initial|value)=([^,]*)/.exec(raw);
      if (!initial) continue;
      tag = tag.slice(0, colon);
      raw = initial[1]!;
    }
    const hex = tag.endsWith('x');
    const type = Number(hex ? tag.slice(0, -1) : tag);
    const bytes = hex ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'utf8');
    if (NUMERIC.has(type)) out.push({ oid, type, value: Number(raw) });
    else if (type === SnmpType.Counter64) out.push({ oid, type, value: BigInt(raw) });
    else if (type === SnmpType.OctetString || type === SnmpType.Opaque) out.push({ oid, type, value: bytes });
    else if (type === SnmpType.IpAddress) out.push({ oid, type, value: hex ? [...bytes].join('.') : raw });
    else if (type === SnmpType.OID) out.push({ oid, type, value: raw });
  }
  return out.sort((a, b) => compareOids(a.oid, b.oid));
}

/** Orders dotted OIDs numerically, arc by arc (the order agents walk in). */
export function compareOids(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
