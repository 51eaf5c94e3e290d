import { realValue } from './junk-value.js';
import { asRecord, finiteNumber, text } from './read-value.js';

/** What the probe keeps of one `si.networkInterfaces()` entry. */
export interface InterfaceInfo {
  name: string;
  /** Loopback, as the OS reports it. Never monitored. */
  internal: boolean;
  /** Lower-case MAC, absent when all zeros or junk. */
  mac?: string;
  ipv4?: string;
  ipv4Subnet?: string;
  ipv6?: string;
  /** Link speed in Mbit/s, only when positive. */
  speedMbps?: number;
  type?: string;
  mtu?: number;
  isDefault: boolean;
  carrierChanges?: number;
}

/**
 * Reads one entry of `si.networkInterfaces()`. systeminformation's own `virtual` flag is
 * ignored: it is derived from hypervisor MAC prefixes and marks a VM's only NIC and every bond
 * as virtual, which is wrong for monitoring. Name filters decide instead.
 */
export function parseInterface(raw: unknown): InterfaceInfo | undefined {
  const entry = asRecord(raw);
  const name = text(entry?.['iface']);
  if (!entry || !name) return undefined;
  const mac = realValue(entry['mac'])?.toLowerCase();
  const speed = finiteNumber(entry['speed']);
  const mtu = finiteNumber(entry['mtu']);
  const carrierChanges = finiteNumber(entry['carrierChanges']);
  return {
    name,
    internal: entry['internal'] === true || name === 'lo',
    ...(mac ? { mac } : {}),
    ...optionalText('ipv4', entry['ip4']),
    ...optionalText('ipv4Subnet', entry['ip4subnet']),
    ...optionalText('ipv6', entry['ip6']),
    ...(speed !== undefined && speed > 0 ? { speedMbps: speed } : {}),
    ...optionalText('type', entry['type']),
    ...(mtu !== undefined && mtu > 0 ? { mtu } : {}),
    isDefault: entry['default'] === true,
    ...(carrierChanges !== undefined && carrierChanges >= 0 ? { carrierChanges } : {}),
  };
}

function optionalText<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  const found = text(value);
  return found === undefined ? {} : ({ [key]: found } as Record<K, string>);
}
