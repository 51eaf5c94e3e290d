import type { Clock } from '../clock/clock.js';
import type { CiRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import { ciSubject, type SlaStore, serviceSubject } from '../store/sla-store.js';
import { rollUp } from './rollup.js';
import { compileSelector } from './selector.js';
import type { ServiceDefinition } from './service-definition.js';

/** CIs read per page when refreshing service membership. */
const PAGE = 1000;

/**
 * Turns up/down states into stored outage intervals: each CI's and each service's outage starts
 * the moment it is first seen down and ends the moment it is first seen up again. Service state is
 * the roll-up of its member CIs (selectors, refreshed with `refreshMembers`). Keeps the current
 * states for `vigil_ci_up` / `vigil_service_up`.
 */
export class OutageTracker {
  readonly #ciUp = new Map<string, boolean>();
  readonly #serviceUp = new Map<string, boolean>();
  /** When each subject last changed, so a late report never ends an outage before it began. */
  readonly #changedAt = new Map<string, number>();
  #members = new Map<string, string[]>();
  /** CI id -> the services it belongs to. */
  #servicesOf = new Map<string, ServiceDefinition[]>();
  #refreshed = false;

  constructor(
    readonly store: Store & SlaStore,
    readonly clock: Clock,
    readonly services: readonly ServiceDefinition[],
  ) {}

  /** Recomputes which CIs each service's selectors pick (retired CIs never count). */
  async refreshMembers(): Promise<void> {
    const predicates = this.services.map((s) => ({ name: s.name, tests: s.selectors.map(compileSelector) }));
    const members = new Map<string, string[]>(this.services.map((s) => [s.name, []]));
    let cursor: string | undefined;
    do {
      const page = await this.store.listCis({ limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const ci of page.items) {
        if (ci.state === 'retired') continue;
        for (const p of predicates) if (p.tests.some((t) => t(ci))) members.get(p.name)!.push(ci.id);
      }
      cursor = page.next ?? undefined;
    } while (cursor);
    this.#members = members;
    this.#servicesOf = new Map();
    for (const service of this.services)
      for (const id of members.get(service.name) ?? []) {
        const list = this.#servicesOf.get(id) ?? [];
        list.push(service);
        this.#servicesOf.set(id, list);
      }
    this.#refreshed = true;
  }

  /** Reads the membership once if nothing did yet; afterwards the sweep keeps it current. */
  async ensureMembers(): Promise<void> {
    if (!this.#refreshed) await this.refreshMembers();
  }

  /** The member CI ids of a service, as of the last refresh. */
  membersOf(service: string): readonly string[] {
    return this.#members.get(service) ?? [];
  }

  /**
   * Applies observed CI states in time order: each change opens or closes the CI's outage at its
   * `at` (default: the clock's now) and rolls up the services the CI belongs to at that moment, so
   * service outages start and end exactly when the deciding member changed. Then every service is
   * rolled up at now (membership may have changed). CIs not mentioned keep their state.
   */
  async observe(
    states: ReadonlyArray<{ ci: Pick<CiRecord, 'id'>; up: boolean; at?: number }>,
  ): Promise<void> {
    const now = this.clock.now();
    if (!this.#refreshed) await this.refreshMembers();
    const ordered = states
      .map((s, i) => ({ ...s, at: s.at ?? now, i }))
      .sort((a, b) => a.at - b.at || a.i - b.i);
    for (const { ci, up, at } of ordered) {
      if (this.#ciUp.get(ci.id) === up) continue;
      this.#ciUp.set(ci.id, up);
      await this.#record(ciSubject(ci.id), up, at);
      for (const service of this.#servicesOf.get(ci.id) ?? []) await this.#rollUp(service, at);
    }
    for (const service of this.services) await this.#rollUp(service, now);
  }

  async #rollUp(service: ServiceDefinition, at: number): Promise<void> {
    const members = this.membersOf(service.name).map((id) => ({ up: this.#ciUp.get(id) ?? true }));
    const { up } = rollUp(members, service.rollup);
    if (this.#serviceUp.get(service.name) === up) return;
    this.#serviceUp.set(service.name, up);
    await this.#record(serviceSubject(service.name), up, at);
  }

  async #record(subject: string, up: boolean, at: number): Promise<void> {
    const when = Math.max(at, this.#changedAt.get(subject) ?? at);
    this.#changedAt.set(subject, when);
    if (up) await this.store.closeOutage(subject, when);
    else await this.store.openOutage(subject, when);
  }

  /** Current CI states (ids seen so far). */
  ciStates(): ReadonlyMap<string, boolean> {
    return this.#ciUp;
  }

  /** Current service states (after the first `observe`). */
  serviceStates(): ReadonlyMap<string, boolean> {
    return this.#serviceUp;
  }
}
