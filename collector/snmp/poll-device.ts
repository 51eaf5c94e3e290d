import type { SnmpClient } from './client.js';
import { mapSensors } from './map-entity-sensor.js';
import { mapProcessors, mapStorage } from './map-host-resources.js';
import { INTERFACE_POLL_COLUMNS, mapInterfaces } from './map-interfaces.js';
import { mapSystem } from './map-system.js';
import { OIDS } from './oids.js';
import type { DevicePoll } from './poll-samples.js';
import type { Varbind } from './varbind.js';

/** Which tables a poll reads; interfaces always, the rest when the device has them. */
export interface PollTables {
  hostResources: boolean;
  sensors: boolean;
}

/**
 * Polls one device once: sysUpTime (to detect agent restarts), the ifTable and ifXTable columns
 * the interface mapping reads (side by side, few round trips), and
 * optionally HOST-RESOURCES storage/processors and ENTITY-SENSOR readings. `atMs` comes from the
 * caller's clock. A device that stops answering fails the poll (no partial table).
 */
export async function pollDevice(
  client: SnmpClient,
  atMs: number,
  tables: PollTables = { hostResources: true, sensors: true },
): Promise<DevicePoll & { sysName?: string }> {
  const got = await client.get([`${OIDS.sysUpTime}.0`, `${OIDS.sysName}.0`]);
  const system = mapSystem([...got.values()].filter((v): v is Varbind => v !== null));
  const ifVarbinds = await client.walkColumns(INTERFACE_POLL_COLUMNS);
  const hr = tables.hostResources
    ? [...(await client.walk(OIDS.hrStorageEntry)), ...(await client.walk(OIDS.hrProcessorEntry))]
    : [];
  const sensors = tables.sensors ? await client.walk(OIDS.entPhySensorEntry) : [];
  const poll: DevicePoll & { sysName?: string } = {
    interfaces: {
      atMs,
      ...(system.sysUpTime !== undefined ? { sysUpTime: system.sysUpTime } : {}),
      rows: mapInterfaces(ifVarbinds),
    },
    storage: mapStorage(hr),
    processors: mapProcessors(hr),
    sensors: mapSensors(sensors),
  };
  if (system.sysName) poll.sysName = system.sysName;
  return poll;
}
