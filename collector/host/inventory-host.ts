import type { CiObservation, JsonValue } from '../../correlator/model/observation.js';
import { realValue } from './junk-value.js';
import type { InterfaceInfo } from './network-interface.js';
import { asRecord, finiteNumber } from './read-value.js';

/** The static results the host CI is built from; any may be missing when its call failed. */
export interface HostInventoryRaw {
  osInfo?: unknown;
  system?: unknown;
  cpu?: unknown;
  mem?: unknown;
  uuid?: unknown;
  /** Monitored interfaces (their MACs identify the host). */
  interfaces: readonly InterfaceInfo[];
  /** The OS host name, used when `osInfo` has none. */
  hostname: string;
}

const VIRTUAL_MODEL = /virtual|vmware|kvm|qemu|xen|hyper-v|bochs|parallels|docker|container|openstack|bhyve/i;

/**
 * Whether the host is a VM or container: systeminformation's `virtual` flag, the CPU's
 * `hypervisor` flag (set inside every VM), or a model name of a known hypervisor.
 */
export function isVirtualHost(system: unknown, cpu: unknown): boolean {
  const sys = asRecord(system);
  if (sys?.['virtual'] === true) return true;
  const flags = asRecord(cpu)?.['flags'];
  if (typeof flags === 'string' && flags.split(/\s+/).includes('hypervisor')) return true;
  const model = realValue(sys?.['model']) ?? '';
  return VIRTUAL_MODEL.test(model);
}

/** Sorted, de-duplicated, comma-joined real MACs: a host identifier that survives reinstalls. */
export function macIdentifier(interfaces: readonly InterfaceInfo[]): string | undefined {
  const macs = [...new Set(interfaces.filter((i) => !i.internal && i.mac).map((i) => i.mac!))].sort();
  return macs.length > 0 ? macs.join(',') : undefined;
}

/**
 * Builds the `host` CI observation: identifiers strongest first (serial, uuid, macs, fqdn,
 * hostname), only real values (see `isJunkValue`), and the OS / CPU / hardware attributes.
 */
export function mapHostCi(raw: HostInventoryRaw): CiObservation {
  const os = asRecord(raw.osInfo);
  const sys = asRecord(raw.system);
  const cpu = asRecord(raw.cpu);
  const ids = asRecord(raw.uuid);
  const name = realValue(os?.['hostname']) ?? raw.hostname;
  const uuid = realValue(sys?.['uuid']) ?? realValue(ids?.['hardware']) ?? realValue(ids?.['os']);
  const fqdn = realValue(os?.['fqdn']);
  const identifiers = defined({
    serial: realValue(sys?.['serial']),
    uuid: uuid?.toLowerCase(),
    macs: macIdentifier(raw.interfaces),
    fqdn: fqdn?.includes('.') ? fqdn.toLowerCase() : undefined,
    hostname: realValue(name)?.toLowerCase(),
  });
  const cpuModel = [realValue(cpu?.['manufacturer']), realValue(cpu?.['brand'])].filter(Boolean).join(' ');
  const attributes: Record<string, JsonValue> = defined({
    osPlatform: realValue(os?.['platform']),
    osDistro: realValue(os?.['distro']),
    osRelease: realValue(os?.['release']),
    osCodename: realValue(os?.['codename']),
    kernel: realValue(os?.['kernel']),
    arch: realValue(os?.['arch']),
    cpuModel: cpuModel || undefined,
    cpuCores: positive(cpu?.['cores']),
    cpuPhysicalCores: positive(cpu?.['physicalCores']),
    memoryTotalBytes: positive(asRecord(raw.mem)?.['total']),
    vendor: realValue(sys?.['manufacturer']),
    model: realValue(sys?.['model']),
    serial: realValue(sys?.['serial']),
  });
  attributes['virtual'] = isVirtualHost(raw.system, raw.cpu);
  return { ref: 'host', class: 'host', name, identifiers, attributes };
}

/** A positive finite number, or `undefined`. */
export function positive(value: unknown): number | undefined {
  const n = finiteNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/** Drops the keys whose value is `undefined`. */
export function defined<T extends string | number | boolean>(
  record: Record<string, T | undefined>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}
