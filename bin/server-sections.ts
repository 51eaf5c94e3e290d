import type { ResolvedConfig } from '../config/types.js';
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

/**
 * Refuses, with VIGIL_ERR_SERVER_SECTION_UNSUPPORTED, every config section `vigil server` would
 * otherwise ignore: collection (`snmp`, `ssh`: agents and `vigil run` collect), and sections whose
 * state the store cannot keep (suppression, services and SLA, automation, correlation rules that
 * need correlation groups). Returns warnings for defaults that cannot take effect (topology
 * suppression). The store checks are by capability, so a Redis store that gains those
 * stores makes the sections work without a change here.
 */
export function checkServerSections(input: ServerSections, store: Store): string[] {
  const { config } = input;
  const file = config.source.file ?? 'the built-in defaults';
  const refuse = (section: string, reason: string, hint = '') => {
    throw new VigilError('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED', { section, file, reason, hint });
  };
  const keeps = (what: string) => `the ${store.kind} store does not keep ${what} yet`;
  if (config.snmp)
    refuse('snmp', 'replicas do not collect', '; poll devices with `vigil agent` or `vigil run`');
  if (config.ssh)
    refuse('ssh', 'replicas do not collect', '; monitor hosts with `vigil agent` or `vigil run`');
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
