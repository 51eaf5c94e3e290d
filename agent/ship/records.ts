import type { NativeEvent } from '../../correlator/model/event.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';

/** What an agent registers with (`POST /api/v1/agents/register`). */
export interface Announcement {
  hostname: string;
  labels: Record<string, string>;
  metadata: Record<string, string>;
}

/** The kinds of spooled records, each shipped to its own route. */
export type ShipRecord =
  | { k: 'events'; b: NativeEvent[] }
  | { k: 'observations'; b: ObservationBatch }
  | { k: 'register'; b: Announcement };

/** The route each record kind is shipped to. */
export const ROUTES: Record<ShipRecord['k'], string> = {
  events: '/api/v1/events',
  observations: '/api/v1/observations',
  register: '/api/v1/agents/register',
};

/**
 * Encodes a record for the spool. The item count comes first (`{"n":3,...`) so the spool can
 * account for dropped events without parsing whole records (see spool.ts `itemCount`).
 */
export function encodeShipRecord(record: ShipRecord): { payload: Buffer; items: number } {
  const items = record.k === 'events' ? record.b.length : 1;
  return {
    payload: Buffer.from(`{"n":${items},"k":"${record.k}","b":${JSON.stringify(record.b)}}`),
    items,
  };
}

/** Decodes a spooled record; null when it is not one (damage that passed the checksum). */
export function decodeShipRecord(payload: Buffer): ShipRecord | null {
  try {
    const value = JSON.parse(payload.toString('utf8')) as { k?: unknown; b?: unknown };
    if (value.k === 'events' && Array.isArray(value.b)) return { k: 'events', b: value.b as NativeEvent[] };
    if (value.k === 'observations' && typeof value.b === 'object' && value.b !== null)
      return { k: 'observations', b: value.b as ObservationBatch };
    if (value.k === 'register' && typeof value.b === 'object' && value.b !== null)
      return { k: 'register', b: value.b as Announcement };
    return null;
  } catch {
    return null;
  }
}
