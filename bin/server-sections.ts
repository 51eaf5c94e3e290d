import { parseDuration } from '../config/duration.js';
import { SnmpSchema } from '../config/snmp-schema.js';
import type { ResolvedConfig, SnmpConfig } from '../config/types.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { isChangeStore } from '../correlator/store/change-store.js';
import type { Store } from '../correlator/store/contract.js';
import { isGroupStore } from '../correlator/store/group-store.js';
import { isSlaStore } from '../correlator/store/sla-store.js';
import { isSuppressionStore } from '../correlator/store/suppression-store.js';
import type { CorrelationRules } from '../rules/correlation-types.js';

/** What the check reads: the config, the correlation rules it loaded, and automation rule count. */
export interface ServerSections {
  config: Pick<ResolvedConfig, 'snmp' | 'ssh' | 'suppression' | 'services' | 'source'>;
  correlation: CorrelationRules;
  automationRules: number;
}

/** What the refusals of `snmp` keys add: the keys `vigil server` runs, and where the rest runs. */
const SNMP_HINT =
  '; of snmp, `vigil server` runs only snmp.discovery (scheduled sweeps, on the replica holding the timer lease) with the snmp.credentials it names: poll devices and receive traps with `vigil agent` or `vigil run`';
/** What the refusal of `ssh` adds: no ssh key runs in `vigil server` (ssh has no scheduled discovery). */
const SSH_HINT =
  '; `vigil server` runs no ssh key (ssh has no scheduled discovery): monitor hosts over SSH with `vigil agent` or `vigil run`';

/** The polling-only `snmp` settings with their defaults: another value would be ignored by a replica. */
const schemaDefault = (key: 'concurrency' | 'inventoryInterval' | 'downAfterFailures') =>
  (SnmpSchema.properties[key] as unknown as { default: number | string }).default;
const POLLING_DEFAULTS = {
  concurrency: schemaDefault('concurrency'),
  inventoryIntervalMs: parseDuration(schemaDefault('inventoryInterval')),
  downAfterFailures: schemaDefault('downAfterFailures'),
};
const POLLING_KEYS = {
  concurrency: 'snmp.concurrency',
  inventoryIntervalMs: 'snmp.inventoryInterval',
  downAfterFailures: 'snmp.downAfterFailures',
} as const;

/**
 * `snmp` in `vigil server`: scheduled discovery (and the credentials it uses) runs; polled targets,
 * the trap listener and the polling settings do not, and a section that schedules no sweep would
 * run nothing at all.
 */
function checkSnmp(
  snmp: SnmpConfig,
  refuse: (section: string, reason: string, hint?: string) => never,
): void {
  if (snmp.targets.length > 0) refuse('snmp.targets', 'replicas do not poll devices', SNMP_HINT);
  if (snmp.traps) refuse('snmp.traps', 'replicas do not receive traps', SNMP_HINT);
  for (const key of Object.keys(POLLING_DEFAULTS) as Array<keyof typeof POLLING_DEFAULTS>) {
    if (snmp[key] !== POLLING_DEFAULTS[key])
      refuse(POLLING_KEYS[key], 'it tunes polling, and replicas do not poll devices', SNMP_HINT);
  }
  if (snmp.discovery.length === 0)
    refuse(
      'snmp',
      'it schedules no sweep (snmp.discovery is empty), so a replica would run none of it',
      SNMP_HINT,
    );
}

/**
 * Refuses, with VIGIL_ERR_SERVER_SECTION_UNSUPPORTED, every config section `vigil server` would
 * otherwise ignore: collection (`snmp` polling and traps, `ssh`: agents and `vigil run` collect;
 * `snmp.discovery` runs, on the timer-lease holder), and sections whose
 * state the store cannot keep (suppression, services and SLA, automation, correlation rules that
 * need correlation groups). Returns warnings for defaults that cannot take effect (topology
 * suppression). The store checks are by capability, so a Redis store that gains those
 * stores makes the sections work without a change here.
 */
export function checkServerSections(input: ServerSections, store: Store): string[] {
  const { config } = input;
  const file = config.source.file ?? 'the built-in defaults';
  const refuse = (section: string, reason: string, hint = ''): never => {
    throw new VigilError('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED', { section, file, reason, hint });
  };
  const keeps = (what: string) => `the ${store.kind} store does not keep ${what} yet`;
  if (config.snmp) checkSnmp(config.snmp, refuse);
  if (config.ssh) refuse('ssh', 'replicas do not collect', SSH_HINT);
  const { maintenance, inhibit } = config.suppression;
  if ((maintenance.length > 0 || inhibit.length > 0) && !isSuppressionStore(store))
    refuse('suppression', keeps('maintenance windows or inhibition state'));
  if (config.services.length > 0 && !isSlaStore(store)) refuse('services', keeps('outages and SLA state'));
  if (input.automationRules > 0 && !isChangeStore(store)) refuse('automation', keeps('change records'));
  const { grouping, transient, flapping } = input.correlation;
  if (grouping.length + transient.length + flapping.length > 0 && !isGroupStore(store))
    refuse(
      'rules',
      `${keeps('correlation groups')}, which grouping, transient and flapping rules need`,
      ' (classification rules work)',
    );
  // Topology suppression is on by default; refusing every default config would help nobody.
  return config.suppression.topology !== null && !isSuppressionStore(store)
    ? [
        `topology suppression (on by default) is not active: ${keeps('suppression state')}; set suppression.topology.enabled: false to silence this warning`,
      ]
    : [];
}
