import type { Clock } from '../../clock/clock.js';
import { VigilError } from '../../errors/vigil-error.js';
import type { NormalisedEvent } from '../../model/event.js';
import { isOpenStatus } from '../../model/itil.js';
import type { AlertRecord, CiRecord, IncidentRecord, TimelineEntry } from '../../model/records.js';
import { type Store, StoreConflictError } from '../../store/contract.js';
import type { SuppressionStore } from '../../store/suppression-store.js';
import type { Mute, Muter } from '../muter.js';
import type { MuterTimer, TimerIo } from '../suppression-timer.js';
import { maintenanceEvent } from './announce.js';
import { type Occurrence, occurrenceAt } from './schedule.js';
import { type CompiledWindow, compileWindow, type MaintenanceWindowRecord, selects } from './window.js';

/** Most windows created through the API. */
export const MAX_API_WINDOWS = 1000;
/** Open incidents examined per window transition, and firing alerts per incident. */
const MARK_INCIDENTS = 5000;
const MARK_ALERTS = 50;

/** A window with the occurrence open at some time, if any. */
export interface WindowStatus {
  window: MaintenanceWindowRecord;
  occurrence: Occurrence | null;
}

/**
 * Maintenance windows: a `Muter` that suppresses alerts of the CIs (ids, names, classes) or labels
 * a window selects while it is open, and a `MuterTimer` that, on the clock, announces each window
 * start and end once (events `maintenance.started` / `maintenance.ended`) and marks the open
 * incidents it covers on their timelines without resolving them. Windows come from the config file
 * (read-only) and the API (stored in the `SuppressionStore`).
 */
export class Maintenance implements Muter, MuterTimer {
  readonly kind = 'maintenance';
  readonly #store: Store & SuppressionStore;
  readonly #clock: Clock;
  readonly #config: CompiledWindow[];
  #api: CompiledWindow[] | null = null;
  #activeAt = Number.NaN;
  #active: Array<{ window: CompiledWindow; occurrence: Occurrence }> = [];

  constructor(deps: {
    store: Store & SuppressionStore;
    clock: Clock;
    windows?: readonly MaintenanceWindowRecord[];
  }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#config = (deps.windows ?? []).map((w) => compileWindow({ ...w, source: 'config' }));
  }

  async refresh(now: number): Promise<void> {
    if (this.#api === null) {
      this.#api = (await this.#store.listMaintenanceWindows()).map((w) => compileWindow(w));
    }
    this.#computeActive(now);
  }

  mutes(alert: AlertRecord, now: number): Mute | null | Promise<Mute | null> {
    if (now !== this.#activeAt) this.#computeActive(now);
    if (this.#active.length === 0) return null;
    return this.#mutesInWindow(alert);
  }

  async #mutesInWindow(alert: AlertRecord): Promise<Mute | null> {
    let ci: CiRecord | null | undefined;
    for (const { window, occurrence } of this.#active) {
      if (!selects(window, alert, null)) {
        if (!window.needsCi) continue;
        ci ??= await this.#ciOf(alert);
        if (!ci || !selects(window, alert, ci)) continue;
      }
      const { record } = window;
      return {
        kind: 'maintenance',
        name: record.name,
        detail: `maintenance window ${record.name} until ${new Date(occurrence.end).toISOString()}${record.comment ? `: ${record.comment}` : ''}`,
      };
    }
    return null;
  }

  /** Announces windows that started or ended since the last tick, once each, and marks the incidents they cover. */
  async run(now: number, io: TimerIo): Promise<void> {
    await this.refresh(now);
    const states = await this.#store.maintenanceStates();
    const events: NormalisedEvent[] = [];
    const changes: Array<{ name: string; since: number | null }> = [];
    for (const window of this.#windows()) {
      const { name } = window.record;
      const occurrence = occurrenceAt(window.record.schedule, now);
      const since = states.get(name);
      if (occurrence && since !== occurrence.start) {
        if (since !== undefined)
          events.push(maintenanceEvent(name, 'maintenance.ended', now, `window ${name} ended`));
        const until = new Date(occurrence.end).toISOString();
        events.push(maintenanceEvent(name, 'maintenance.started', now, `window ${name} open until ${until}`));
        await this.#mark(
          window,
          now,
          'maintenance_started',
          `maintenance window ${name} started (until ${until}); new alerts it covers are suppressed, the incident stays open`,
        );
        changes.push({ name, since: occurrence.start });
      } else if (!occurrence && since !== undefined) {
        events.push(maintenanceEvent(name, 'maintenance.ended', now, `window ${name} ended`));
        await this.#mark(
          window,
          now,
          'maintenance_ended',
          `maintenance window ${name} ended; its alerts are no longer suppressed`,
        );
        changes.push({ name, since: null });
      }
    }
    // A window deleted while open ends now.
    const known = new Set(this.#windows().map((w) => w.record.name));
    for (const name of states.keys()) {
      if (known.has(name)) continue;
      events.push(maintenanceEvent(name, 'maintenance.ended', now, `window ${name} was deleted`));
      changes.push({ name, since: null });
    }
    if (events.length > 0) await io.feed(events);
    for (const { name, since } of changes) await this.#store.setMaintenanceState(name, since);
  }

  /** Validates and stores a window created through the API. */
  async create(record: Omit<MaintenanceWindowRecord, 'source' | 'createdAt'>): Promise<WindowStatus> {
    const now = this.#clock.now();
    const window = compileWindow({ ...record, source: 'api', createdAt: now });
    await this.refresh(now);
    if (this.#config.some((w) => w.record.name === record.name)) {
      throw conflict(record.name, 'the config file defines a window of that name; pick another name');
    }
    if (this.#api!.length >= MAX_API_WINDOWS) {
      throw conflict(record.name, `there are already ${MAX_API_WINDOWS} windows; delete old ones first`);
    }
    if (!(await this.#store.insertMaintenanceWindow(window.record))) {
      throw conflict(record.name, 'a window of that name exists; delete it first or pick another name');
    }
    this.#api!.push(window);
    this.#computeActive(now);
    return this.#status(window.record, now);
  }

  /** Deletes a window created through the API; it ends (and is announced as ended) on the next tick. */
  async delete(name: string): Promise<void> {
    const now = this.#clock.now();
    await this.refresh(now);
    if (this.#config.some((w) => w.record.name === name)) {
      throw conflict(name, 'it comes from the config file; remove it there');
    }
    if (!(await this.#store.deleteMaintenanceWindow(name))) {
      throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Maintenance window', id: name });
    }
    this.#api = this.#api!.filter((w) => w.record.name !== name);
    this.#computeActive(now);
  }

  /** Every window (config first, then API, each by name) with the occurrence open now. */
  async list(): Promise<WindowStatus[]> {
    const now = this.#clock.now();
    await this.refresh(now);
    return this.#windows().map((w) => this.#status(w.record, now));
  }

  async get(name: string): Promise<WindowStatus> {
    const found = (await this.list()).find((s) => s.window.name === name);
    if (!found) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Maintenance window', id: name });
    return found;
  }

  #windows(): CompiledWindow[] {
    return [...this.#config, ...(this.#api ?? [])];
  }

  #status(window: MaintenanceWindowRecord, now: number): WindowStatus {
    return { window, occurrence: occurrenceAt(window.schedule, now) };
  }

  #computeActive(now: number): void {
    this.#activeAt = now;
    this.#active = [];
    for (const window of this.#windows()) {
      const occurrence = occurrenceAt(window.record.schedule, now);
      if (occurrence) this.#active.push({ window, occurrence });
    }
  }

  /** The alert's CI: the one its `ci` label names, else a host or device named like its resource. */
  async #ciOf(alert: AlertRecord): Promise<CiRecord | null> {
    const byLabel = alert.labels['ci'] ? await this.#store.getCi(alert.labels['ci']) : null;
    if (byLabel) return byLabel;
    const named = await this.#store.findCisByName(alert.resource);
    return named.find((c) => c.class === 'host' || c.class === 'network_device') ?? named[0] ?? null;
  }

  /** Adds a timeline entry to each open incident with a firing alert the window covers (status unchanged). */
  async #mark(window: CompiledWindow, now: number, action: string, detail: string): Promise<void> {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await this.#store.listIncidents({ open: true, limit: 500, cursor });
      for (const incident of page.items) {
        if (await this.#covers(window, incident)) await this.#note(incident, now, action, detail);
      }
      seen += page.items.length;
      cursor = page.next ?? undefined;
    } while (cursor && seen < MARK_INCIDENTS);
  }

  async #covers(window: CompiledWindow, incident: IncidentRecord): Promise<boolean> {
    if (!isOpenStatus(incident.status)) return false;
    for (const fp of incident.firingFingerprints.slice(0, MARK_ALERTS)) {
      const alert = await this.#store.getAlert(fp);
      if (!alert) continue;
      if (selects(window, alert, null)) return true;
      if (window.needsCi && selects(window, alert, await this.#ciOf(alert))) return true;
    }
    return false;
  }

  async #note(incident: IncidentRecord, now: number, action: string, detail: string): Promise<void> {
    const entry: TimelineEntry = {
      at: now,
      actor: 'vigil',
      action,
      fromStatus: incident.status,
      toStatus: incident.status,
      detail,
    };
    try {
      await this.#store.commit({
        events: [],
        alerts: [],
        incidents: [{ ...incident, updatedAt: now }],
        timeline: [{ incidentId: incident.id, entry }],
      });
    } catch (error) {
      // Another writer changed the incident meanwhile: the mark is informative, skip it.
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
}

function conflict(name: string, reason: string): VigilError {
  return new VigilError('VIGIL_ERR_MAINTENANCE_CONFLICT', { name, reason });
}
