import { OIDS } from './oids.js';
import { toTable } from './table.js';
import { counter, int, mac, text } from './values.js';
import type { Varbind } from './varbind.js';

/** IF-MIB ifAdminStatus / ifOperStatus names by value. */
const STATUS = ['', 'up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown'] as const;
/** One interface status name. */
export type IfStatus = Exclude<(typeof STATUS)[number], ''>;

/** The counters vigil turns into rates; octets and unicast packets are 64-bit when ifXTable has them. */
export interface InterfaceCounters {
  inOctets?: bigint;
  outOctets?: bigint;
  inUcastPkts?: bigint;
  outUcastPkts?: bigint;
  inErrors?: bigint;
  outErrors?: bigint;
  inDiscards?: bigint;
  outDiscards?: bigint;
}

/** Counters that come from ifXTable's 64-bit (HC) columns when present. */
export const HC_COUNTERS: ReadonlySet<keyof InterfaceCounters> = new Set([
  'inOctets',
  'outOctets',
  'inUcastPkts',
  'outUcastPkts',
]);

/** One row of IF-MIB ifTable joined with ifXTable. */
export interface InterfaceRow {
  ifIndex: number;
  ifDescr?: string;
  ifName?: string;
  ifAlias?: string;
  ifType?: number;
  mtu?: number;
  /** Bits per second: ifHighSpeed x 10^6 when set, else ifSpeed. */
  speedBps?: number;
  mac?: string;
  adminStatus?: IfStatus;
  operStatus?: IfStatus;
  /** True when octet and unicast counters are the 64-bit HC ones. */
  hc: boolean;
  counters: InterfaceCounters;
  /** ifCounterDiscontinuityTime: a change means counters restarted without an agent restart. */
  discontinuity?: number;
}

function status(value: number | undefined): IfStatus | undefined {
  return value !== undefined && value >= 1 && value <= 7 ? (STATUS[value] as IfStatus) : undefined;
}

/**
 * The ifTable and ifXTable columns `mapInterfaces` reads: a poll walks only these (side by side,
 * `SnmpClient.walkColumns`) instead of both whole tables.
 */
export const INTERFACE_POLL_COLUMNS: readonly string[] = [
  ...[2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20].map((c) => `${OIDS.ifEntry}.${c}`),
  ...[1, 6, 7, 10, 11, 15, 18, 19].map((c) => `${OIDS.ifXEntry}.${c}`),
];

/**
 * Maps walks of ifTable and ifXTable to one row per ifIndex, ordered by ifIndex. Rows with a
 * non-numeric index are dropped; missing columns stay undefined.
 */
export function mapInterfaces(varbinds: readonly Varbind[]): InterfaceRow[] {
  const base = toTable(varbinds, OIDS.ifEntry);
  const ext = toTable(varbinds, OIDS.ifXEntry);
  const indexes = new Set([...base.keys(), ...ext.keys()].filter((i) => /^\d+$/.test(i)));
  const rows: InterfaceRow[] = [];
  for (const index of indexes) {
    const b = base.get(index) ?? new Map();
    const x = ext.get(index) ?? new Map();
    const hcIn = counter(x.get(6));
    const hcOut = counter(x.get(10));
    const hc = hcIn !== undefined && hcOut !== undefined;
    const highSpeed = int(x.get(15));
    const speed = int(b.get(5));
    const row: InterfaceRow = {
      ifIndex: Number(index),
      hc,
      counters: {
        inOctets: hc ? hcIn : counter(b.get(10)),
        outOctets: hc ? hcOut : counter(b.get(16)),
        inUcastPkts: hc ? (counter(x.get(7)) ?? counter(b.get(11))) : counter(b.get(11)),
        outUcastPkts: hc ? (counter(x.get(11)) ?? counter(b.get(17))) : counter(b.get(17)),
        inDiscards: counter(b.get(13)),
        inErrors: counter(b.get(14)),
        outDiscards: counter(b.get(19)),
        outErrors: counter(b.get(20)),
      },
    };
    const put = <K extends keyof InterfaceRow>(key: K, value: InterfaceRow[K] | undefined) => {
      if (value !== undefined && value !== '') row[key] = value;
    };
    put('ifDescr', text(b.get(2), 255));
    put('ifName', text(x.get(1), 255));
    put('ifAlias', text(x.get(18), 255));
    put('ifType', int(b.get(3)));
    put('mtu', int(b.get(4)));
    put('speedBps', highSpeed !== undefined && highSpeed > 0 ? highSpeed * 1_000_000 : speed);
    put('mac', mac(b.get(6)));
    put('adminStatus', status(int(b.get(7))));
    put('operStatus', status(int(b.get(8))));
    put('discontinuity', int(x.get(19)));
    rows.push(row);
  }
  return rows.sort((a, b) => a.ifIndex - b.ifIndex);
}

/** The name an interface is known by: ifName, else ifDescr, else `ifIndex N`. */
export function interfaceName(row: Pick<InterfaceRow, 'ifIndex' | 'ifName' | 'ifDescr'>): string {
  return row.ifName ?? row.ifDescr ?? `ifIndex ${row.ifIndex}`;
}
