import type { AlertRecord, IncidentRecord, TimelineEntry } from '../model/records.js';
import type { Store } from '../store/contract.js';
import type { OutboxEntry } from '../store/outbox-store.js';
import type { NotifyMetrics } from './metrics.js';
import type { NotificationPlanner, PlannedChange } from './planner.js';

/**
 * The pipeline's side of the outbox: turns the incident changes of a unit of work into the
 * notifications that go into that same unit, and counts them once the unit is committed.
 */
export class OutboxWriter {
  readonly #planner: NotificationPlanner;
  readonly #store: Store;
  readonly #metrics: NotifyMetrics | undefined;

  constructor(planner: NotificationPlanner, store: Store, metrics?: NotifyMetrics) {
    this.#planner = planner;
    this.#store = store;
    this.#metrics = metrics;
  }

  /**
   * The notifications of `changes` at `now`. Labels for routing come from the alert that opened
   * each incident: from `alerts` (the batch's) when there, else from the store.
   */
  plan(
    changes: readonly PlannedChange[],
    now: number,
    alerts?: ReadonlyMap<string, AlertRecord>,
  ): Promise<OutboxEntry[]> {
    return this.#planner.plan(changes, now, async (incident: IncidentRecord) => {
      const fingerprint = incident.alertFingerprints[0];
      if (fingerprint === undefined) return {};
      const alert = alerts?.get(fingerprint) ?? (await this.#store.getAlert(fingerprint));
      return alert?.labels ?? {};
    });
  }

  /** The changes of a unit: each changed incident with its entries of this unit. */
  static changesOf(
    incidents: readonly IncidentRecord[],
    timeline: ReadonlyArray<{ incidentId: string; entry: TimelineEntry }>,
  ): PlannedChange[] {
    const entries = new Map<string, TimelineEntry[]>();
    for (const t of timeline) {
      const list = entries.get(t.incidentId);
      if (list) list.push(t.entry);
      else entries.set(t.incidentId, [t.entry]);
    }
    return incidents.flatMap((incident) => {
      const mine = entries.get(incident.id);
      return mine ? [{ incident, entries: mine }] : [];
    });
  }

  /** Counts notifications that were just committed. */
  committed(entries: readonly OutboxEntry[] | undefined): void {
    for (const e of entries ?? [])
      this.#metrics?.queued.inc({ receiver: e.receiver, transition: e.transition });
  }
}
