import type { SnmpValue } from './varbind.js';

/** Control characters other than tab/newline are never shown to users or stored. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * An octet string as display text: UTF-8 when it decodes cleanly and is printable, otherwise
 * undefined (so binary values such as MAC addresses are never stored as mojibake). Trailing NULs
 * and surrounding whitespace are dropped, length is capped.
 */
export function text(value: SnmpValue | undefined, maxLength = 1024): string | undefined {
  if (typeof value === 'string') return value.replace(CONTROL, '').trim().slice(0, maxLength);
  if (!Buffer.isBuffer(value)) return undefined;
  const trimmed = value.subarray(0, value.length - trailingNuls(value));
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(trimmed);
  if (decoded.includes('\ufffd')) return undefined;
  const stripped = decoded.replace(/\r\n/g, '\n');
  if (CONTROL.test(stripped)) {
    CONTROL.lastIndex = 0;
    return undefined;
  }
  return stripped.trim().slice(0, maxLength);
}

function trailingNuls(buf: Buffer): number {
  let n = 0;
  while (n < buf.length && buf[buf.length - 1 - n] === 0) n++;
  return n;
}

/** A 32-bit integer type value, or undefined. */
export function int(value: SnmpValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A counter of either width as bigint, or undefined. */
export function counter(value: SnmpValue | undefined): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

/** A 6-byte MAC address as `aa:bb:cc:dd:ee:ff`, or undefined for any other length. */
export function mac(value: SnmpValue | undefined): string | undefined {
  if (!Buffer.isBuffer(value) || value.length !== 6) return undefined;
  if (value.every((b) => b === 0)) return undefined;
  return [...value].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A 4-byte IPv4 address (octet string or IpAddress) as dotted text, or undefined. */
export function ipv4(value: SnmpValue | undefined): string | undefined {
  if (typeof value === 'string') return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) ? value : undefined;
  if (Buffer.isBuffer(value) && value.length === 4) return [...value].join('.');
  return undefined;
}

/** An OBJECT IDENTIFIER value as dotted text, or undefined. */
export function oid(value: SnmpValue | undefined): string | undefined {
  return typeof value === 'string' && /^\d+(\.\d+)*$/.test(value) ? value : undefined;
}
