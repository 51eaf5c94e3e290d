import { OIDS } from './oids.js';
import { scalars } from './table.js';
import { int, oid, text } from './values.js';
import type { Varbind } from './varbind.js';

/** SNMPv2-MIB system group of one device. */
export interface SystemInfo {
  sysDescr?: string;
  sysObjectID?: string;
  /** Hundredths of a second since the agent (re)started; a decrease means a restart. */
  sysUpTime?: number;
  sysContact?: string;
  sysName?: string;
  sysLocation?: string;
}

/** Maps a walk of the system group (or a GET of its scalars) to SystemInfo. */
export function mapSystem(varbinds: readonly Varbind[]): SystemInfo {
  const s = scalars(varbinds);
  const info: SystemInfo = {};
  const set = <K extends keyof SystemInfo>(key: K, value: SystemInfo[K] | undefined) => {
    if (value !== undefined && value !== '') info[key] = value;
  };
  set('sysDescr', text(s.get(OIDS.sysDescr)));
  set('sysObjectID', oid(s.get(OIDS.sysObjectID)));
  set('sysUpTime', int(s.get(OIDS.sysUpTime)));
  set('sysContact', text(s.get(OIDS.sysContact), 255));
  set('sysName', text(s.get(OIDS.sysName), 255));
  set('sysLocation', text(s.get(OIDS.sysLocation), 255));
  return info;
}
