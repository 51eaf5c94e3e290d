import { crc32 } from 'node:zlib';

/**
 * The on-disk record of the spool: an 8-byte header (payload length, CRC-32 of the payload, both
 * unsigned little-endian) and the payload. A torn write after a crash fails the length or CRC
 * check, so the reader knows exactly where the intact records end.
 */
export const HEADER_BYTES = 8;

/** Largest payload accepted (a record is one batch; anything bigger is a bug or damage). */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Encodes one payload as a record. */
export function encodeRecord(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/** The result of reading one record at an offset. */
export type Decoded =
  | { kind: 'record'; payload: Buffer; next: number }
  | { kind: 'end' }
  | { kind: 'damaged'; reason: string };

/** Reads the record at `offset` of a segment's bytes. */
export function decodeRecord(bytes: Buffer, offset: number): Decoded {
  if (offset === bytes.length) return { kind: 'end' };
  if (bytes.length - offset < HEADER_BYTES) return { kind: 'damaged', reason: 'torn header' };
  const length = bytes.readUInt32LE(offset);
  const sum = bytes.readUInt32LE(offset + 4);
  if (length > MAX_PAYLOAD_BYTES) return { kind: 'damaged', reason: `impossible length ${length}` };
  const end = offset + HEADER_BYTES + length;
  if (end > bytes.length) return { kind: 'damaged', reason: 'torn payload' };
  const payload = bytes.subarray(offset + HEADER_BYTES, end);
  if (crc32(payload) !== sum) return { kind: 'damaged', reason: 'checksum mismatch' };
  return { kind: 'record', payload, next: end };
}
