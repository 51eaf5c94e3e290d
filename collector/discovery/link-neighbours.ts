import type { CiObservation, JsonValue, ObservationBatch } from '../../correlator/model/observation.js';

/** Confidence of a link reported by one end only, and by both ends. */
export const ONE_SIDED_CONFIDENCE = 0.6;
export const CONFIRMED_CONFIDENCE = 1;

/** A neighbour report as kept on an interface observation's `neighbours` attribute. */
interface Report {
  protocol: string;
  remoteName?: string;
  remotePort?: string;
  remotePortDescr?: string;
  remoteAddress?: string;
  remoteChassisId?: string;
}

/** One interface-to-interface link the linker established. */
export interface Link {
  from: { device: string; interface: string };
  to: { device: string; interface: string };
  protocols: string[];
  confirmed: boolean;
  confidence: number;
}

/** A neighbour that matched no discovered device or port (outside the sweep, or not reachable). */
export interface UnresolvedNeighbour {
  device: string;
  interface: string;
  report: Report;
}

interface Device {
  index: number;
  batch: ObservationBatch;
  ci: CiObservation;
  names: Set<string>;
  addresses: Set<string>;
  macs: Set<string>;
  interfaces: CiObservation[];
}

const lower = (s: string) => s.trim().toLowerCase();

function strings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function devicesOf(batches: readonly ObservationBatch[]): Device[] {
  return batches.flatMap((batch, index) => {
    const contained = new Set(batch.relations.filter((r) => r.type === 'contains').map((r) => r.to));
    const ci = batch.cis.find(
      (c) => !contained.has(c.ref) && (c.class === 'network_device' || c.class === 'host'),
    );
    if (!ci) return [];
    const children = new Set(
      batch.relations.filter((r) => r.type === 'contains' && r.from === ci.ref).map((r) => r.to),
    );
    const interfaces = batch.cis.filter((c) => c.class === 'interface' && children.has(c.ref));
    const names = new Set<string>();
    for (const n of [ci.name, ci.identifiers.sysName, ci.identifiers.hostname, ci.identifiers.fqdn]) {
      if (!n) continue;
      names.add(lower(n));
      names.add(lower(n).split('.')[0]!);
    }
    const addresses = new Set([
      ...strings(ci.attributes.addresses),
      ...strings(ci.attributes.managementAddress),
    ]);
    const macs = new Set(interfaces.flatMap((i) => strings(i.attributes.mac)).map(lower));
    return [{ index, batch, ci, names, addresses, macs, interfaces }];
  });
}

function findDevice(devices: readonly Device[], self: Device, r: Report): Device | undefined {
  return devices.find((d) => {
    if (d === self) return false;
    if (r.remoteName && (d.names.has(lower(r.remoteName)) || d.names.has(lower(r.remoteName).split('.')[0]!)))
      return true;
    if (r.remoteAddress && d.addresses.has(r.remoteAddress)) return true;
    return r.remoteChassisId !== undefined && d.macs.has(lower(r.remoteChassisId));
  });
}

/** `GigabitEthernet1/0/8` and `Gi1/0/8` name the same port: same numbers, one type a prefix of the other. */
export function samePort(a: string, b: string): boolean {
  const x = lower(a).replace(/\s+/g, '');
  const y = lower(b).replace(/\s+/g, '');
  if (x === y) return true;
  const mx = /^([a-z-]+)(\d.*)$/.exec(x);
  const my = /^([a-z-]+)(\d.*)$/.exec(y);
  if (!mx || !my || mx[2] !== my[2]) return false;
  const [short, long] = mx[1]!.length <= my[1]!.length ? [mx[1]!, my[1]!] : [my[1]!, mx[1]!];
  return short.length >= 2 && long.startsWith(short);
}

function findInterface(device: Device, r: Report): CiObservation | undefined {
  const wanted = [r.remotePort, r.remotePortDescr].filter((p): p is string => !!p);
  return device.interfaces.find((i) => {
    const names = [i.name, ...strings(i.attributes.ifName), ...strings(i.attributes.ifDescr)];
    if (wanted.some((w) => names.some((n) => samePort(n, w)))) return true;
    return wanted.some((w) => strings(i.attributes.mac).some((m) => lower(m) === lower(w)));
  });
}

function reportsOf(ci: CiObservation): Report[] {
  const raw = ci.attributes.neighbours;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((r): r is Record<string, JsonValue> => typeof r === 'object' && r !== null && !Array.isArray(r))
    .map((r) => {
      const out: Report = { protocol: typeof r.protocol === 'string' ? r.protocol : 'unknown' };
      for (const key of [
        'remoteName',
        'remotePort',
        'remotePortDescr',
        'remoteAddress',
        'remoteChassisId',
      ] as const) {
        if (typeof r[key] === 'string') out[key] = r[key];
      }
      return out;
    });
}

/**
 * Turns the LLDP/CDP neighbour reports of discovered devices into `connected_to` relations
 * between their interfaces: confidence 0.6 when one end reports the other, 1 when both ends report
 * each other. Returns one observation batch carrying the relations (with the devices and
 * interfaces they connect, identified as in their own batches), the links for display, and the
 * reports that matched nothing.
 */
export function linkNeighbours(
  batches: readonly ObservationBatch[],
  observedAt: number,
): { batch: ObservationBatch | null; links: Link[]; unresolved: UnresolvedNeighbour[] } {
  const devices = devicesOf(batches);
  const pairs = new Map<
    string,
    { a: [Device, CiObservation]; b: [Device, CiObservation]; sides: Set<string>; protocols: Set<string> }
  >();
  const unresolved: UnresolvedNeighbour[] = [];
  for (const device of devices) {
    for (const iface of device.interfaces) {
      for (const report of reportsOf(iface)) {
        const remote = findDevice(devices, device, report);
        const remoteIf = remote ? findInterface(remote, report) : undefined;
        if (!remote || !remoteIf) {
          unresolved.push({ device: device.ci.name, interface: iface.name, report });
          continue;
        }
        const here = `${device.ci.name}\u0000${iface.name}\u0000${device.index}/${iface.ref}`;
        const there = `${remote.ci.name}\u0000${remoteIf.name}\u0000${remote.index}/${remoteIf.ref}`;
        const key = here < there ? `${here}|${there}` : `${there}|${here}`;
        let pair = pairs.get(key);
        if (!pair) {
          const first: [Device, CiObservation] = [device, iface];
          const second: [Device, CiObservation] = [remote, remoteIf];
          pair =
            here < there
              ? { a: first, b: second, sides: new Set(), protocols: new Set() }
              : { a: second, b: first, sides: new Set(), protocols: new Set() };
          pairs.set(key, pair);
        }
        pair.sides.add(here);
        pair.protocols.add(report.protocol);
      }
    }
  }
  if (pairs.size === 0) return { batch: null, links: [], unresolved };

  const cis = new Map<string, CiObservation>();
  const relations: ObservationBatch['relations'] = [];
  const refOf = (device: Device, ci: CiObservation) => {
    const deviceRef = `${device.index}:${device.ci.ref}`;
    if (!cis.has(deviceRef)) cis.set(deviceRef, { ...device.ci, ref: deviceRef, attributes: {} });
    const ref = `${device.index}:${ci.ref}`;
    if (!cis.has(ref)) {
      cis.set(ref, { ...ci, ref, attributes: {} });
      relations.push({ from: deviceRef, to: ref, type: 'contains' });
    }
    return ref;
  };
  const links: Link[] = [];
  for (const pair of pairs.values()) {
    const confirmed = pair.sides.size === 2;
    const confidence = confirmed ? CONFIRMED_CONFIDENCE : ONE_SIDED_CONFIDENCE;
    const protocols = [...pair.protocols].sort();
    relations.push({
      from: refOf(...pair.a),
      to: refOf(...pair.b),
      type: 'connected_to',
      confidence,
      source: `${pair.a[0].batch.source}:${protocols.join('+')}`,
    });
    links.push({
      from: { device: pair.a[0].ci.name, interface: pair.a[1].name },
      to: { device: pair.b[0].ci.name, interface: pair.b[1].name },
      protocols,
      confirmed,
      confidence,
    });
  }
  return {
    batch: { source: devices[0]!.batch.source, observedAt, cis: [...cis.values()], relations },
    links,
    unresolved,
  };
}

/** Management addresses neighbours report, for crawling. */
export function neighbourAddresses(batch: ObservationBatch): string[] {
  return batch.cis.flatMap((ci) => reportsOf(ci).flatMap((r) => (r.remoteAddress ? [r.remoteAddress] : [])));
}
