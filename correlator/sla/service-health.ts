import type { IncidentRecord } from '../model/records.js';
import { type Severity, severityRank } from '../model/severity.js';
import type { Store } from '../store/contract.js';
import { rollUp } from './rollup.js';
import type { ServiceDefinition } from './service-definition.js';

/** Open incidents read per page, and at most this many pages (100,000 open incidents). */
const PAGE = 1000;
const MAX_PAGES = 100;
/** Incident ids a service lists; the count stays exact. */
const MAX_LISTED = 100;

/** A service as the API and the severity gauge show it. */
export interface ServiceHealth {
  name: string;
  up: boolean;
  /** Highest severity among the open incidents on its member CIs; null when there are none. */
  severity: Severity | null;
  members: number;
  down: number;
  openIncidents: number;
  /** The first open incident ids on its members, oldest first, at most 100. */
  incidentIds: string[];
}

/** Per member CI: its state, and the severity and open incidents on it. */
export interface MemberHealth {
  id: string;
  up: boolean;
  severity: Severity | null;
  incidentIds: string[];
}

/** What `serviceHealth` reads: the services, their members and CI states (the outage tracker). */
export interface ServiceSource {
  services: readonly ServiceDefinition[];
  tracker: {
    ensureMembers(): Promise<void>;
    membersOf(service: string): readonly string[];
    ciStates(): ReadonlyMap<string, boolean>;
    serviceStates(): ReadonlyMap<string, boolean>;
  };
}

const higher = (a: Severity | null, b: Severity | null): Severity | null =>
  a === null ? b : b === null ? a : severityRank(b) > severityRank(a) ? b : a;

/**
 * An open incident's severity: the highest of its firing alerts, or, when none fires any more
 * (a hold-down keeps it open), of every alert it had. `ok` counts as none.
 */
async function incidentSeverity(
  store: Pick<Store, 'getAlert'>,
  incident: IncidentRecord,
): Promise<Severity | null> {
  const of = async (fingerprints: readonly string[]) => {
    let worst: Severity | null = null;
    for (const alert of await Promise.all(fingerprints.slice(0, 200).map((f) => store.getAlert(f))))
      if (alert && alert.severity !== 'ok') worst = higher(worst, alert.severity);
    return worst;
  };
  return (await of(incident.firingFingerprints)) ?? (await of(incident.alertFingerprints));
}

/**
 * The member CIs of every service with their up state and the open incidents on them, read in
 * one pass over the open incidents (only those on a member CI cost alert reads).
 */
export async function memberHealth(
  store: Pick<Store, 'listIncidents' | 'getAlert'>,
  source: ServiceSource,
): Promise<Map<string, MemberHealth>> {
  await source.tracker.ensureMembers();
  const states = source.tracker.ciStates();
  const members = new Map<string, MemberHealth>();
  for (const service of source.services)
    for (const id of source.tracker.membersOf(service.name))
      members.set(id, { id, up: states.get(id) ?? true, severity: null, incidentIds: [] });
  if (members.size === 0) return members;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await store.listIncidents({ open: true, limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const incident of list.items) {
      const on = incident.ciIds.flatMap((id) => members.get(id) ?? []);
      if (on.length === 0) continue;
      const severity = await incidentSeverity(store, incident);
      for (const member of on) {
        member.severity = higher(member.severity, severity);
        member.incidentIds.push(incident.id);
      }
    }
    cursor = list.next ?? undefined;
    if (!cursor) break;
  }
  // Incidents are listed newest first; members show theirs oldest first.
  for (const member of members.values()) member.incidentIds.reverse();
  return members;
}

/**
 * Every configured service's state: up by its roll-up rule (as the outage tracker recorded it),
 * and its highest severity, the roll-up's "highest severity" fed with the open incidents on its
 * member CIs. Feeds `GET /api/v1/services` and `vigil_service_severity`.
 */
export async function serviceHealth(
  store: Pick<Store, 'listIncidents' | 'getAlert'>,
  source: ServiceSource,
  /** The result of `memberHealth` for these services, when the caller has it already. */
  known?: Map<string, MemberHealth>,
): Promise<ServiceHealth[]> {
  const members = known ?? (await memberHealth(store, source));
  // memberHealth read the membership, so membersOf below is current.
  const recorded = source.tracker.serviceStates();
  return source.services.map((service) => {
    const own = source.tracker.membersOf(service.name).map((id) => members.get(id)!);
    const rolled = rollUp(
      own.map((m) => ({ up: m.up, ...(m.severity ? { severity: m.severity } : {}) })),
      service.rollup,
    );
    const incidents = [...new Set(own.flatMap((m) => m.incidentIds))].sort(byNumber);
    return {
      name: service.name,
      up: recorded.get(service.name) ?? rolled.up,
      severity: rolled.severity,
      members: rolled.members,
      down: rolled.down,
      openIncidents: incidents.length,
      incidentIds: incidents.slice(0, MAX_LISTED),
    };
  });
}

/** Orders incident ids by the number they end in (`INC-000042` -> 42). */
function byNumber(a: string, b: string): number {
  return Number(a.replace(/^\D+/, '')) - Number(b.replace(/^\D+/, ''));
}
