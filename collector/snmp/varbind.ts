/**
 * SNMP object types by their BER tag (the same numbers net-snmp's `ObjectType` and snmpsim's
 * `.snmprec` files use), so recordings and live answers share one representation.
 */
export const SnmpType = {
  Integer: 2,
  OctetString: 4,
  Null: 5,
  OID: 6,
  IpAddress: 64,
  Counter32: 65,
  Gauge32: 66,
  TimeTicks: 67,
  Opaque: 68,
  Counter64: 70,
} as const;

/** A value as mappings see it: numbers for 32-bit types, bigint for Counter64, Buffer for octets. */
export type SnmpValue = number | bigint | string | Buffer | null;

/**
 * One OID/value pair after normalisation. Mappings are pure functions over arrays of these, so
 * they are tested with recorded walks and run unchanged on live answers.
 */
export interface Varbind {
  oid: string;
  type: number;
  value: SnmpValue;
}

/** Counter64 arrives as a BER two's-complement Buffer (maybe 9 bytes with a leading 0x00). */
export function bufferToBigInt(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

/**
 * Normalises one raw varbind from net-snmp: Counter64 Buffers become bigint, other types keep
 * their natural JS value. Returns null for exception values (noSuchObject, noSuchInstance,
 * endOfMibView) and for types vigil does not read.
 */
export function normaliseVarbind(raw: { oid: string; type?: number; value?: unknown }): Varbind | null {
  const type = raw.type ?? -1;
  const value = raw.value;
  switch (type) {
    case SnmpType.Integer:
    case SnmpType.Counter32:
    case SnmpType.Gauge32:
    case SnmpType.TimeTicks:
      return typeof value === 'number' ? { oid: raw.oid, type, value } : null;
    case SnmpType.Counter64:
      if (Buffer.isBuffer(value)) return { oid: raw.oid, type, value: bufferToBigInt(value) };
      if (typeof value === 'bigint') return { oid: raw.oid, type, value };
      return typeof value === 'number' ? { oid: raw.oid, type, value: BigInt(value) } : null;
    case SnmpType.OctetString:
    case SnmpType.Opaque:
      if (Buffer.isBuffer(value)) return { oid: raw.oid, type, value };
      return typeof value === 'string' ? { oid: raw.oid, type, value: Buffer.from(value) } : null;
    case SnmpType.OID:
    case SnmpType.IpAddress:
      return typeof value === 'string' ? { oid: raw.oid, type, value } : null;
    case SnmpType.Null:
      return { oid: raw.oid, type, value: null };
    default:
      return null;
  }
}
