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
  #members = new Map<string, string[]>();
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
    this.#refreshed = true;
  }

  /** The member CI ids of a service, as of the last refresh. */
  membersOf(service: string): readonly string[] {
    return this.#members.get(service) ?? [];
  }

  /**
   * Applies observed CI states at the clock's now: opens and closes CI outages on transitions,
   * then rolls every service up and does the same for services. CIs not mentioned keep their state.
   */
  async observe(states: ReadonlyArray<{ ci: Pick<CiRecord, 'id'>; up: boolean }>): Promise<void> {
    const at = this.clock.now();
    if (!this.#refreshed) await this.refreshMembers();
    for (const { ci, up } of states) {
      if (this.#ciUp.get(ci.id) === up) continue;
      this.#ciUp.set(ci.id, up);
      if (up) await this.store.closeOutage(ciSubject(ci.id), at);
      else await this.store.openOutage(ciSubject(ci.id), at);
    }
    for (const service of this.services) {
      const members = this.membersOf(service.name).map((id) => ({ up: this.#ciUp.get(id) ?? true }));
      const { up } = rollUp(members, service.rollup);
      if (this.#serviceUp.get(service.name) === up) continue;
      this.#serviceUp.set(service.name, up);
      if (up) await this.store.closeOutage(serviceSubject(service.name), at);
      else await this.store.openOutage(serviceSubject(service.name), at);
    }
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
