import type { IncidentRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import { type SlaStore, serviceSubject } from '../store/sla-store.js';
import { attainment, availability } from './availability.js';
import { type Interval, intersect } from './intervals.js';
import { periodsIn } from './period.js';
import { type PriorityFigures, responseFigures, type TargetBreach } from './response-targets.js';
import type { ServiceDefinition } from './service-definition.js';

/** One period of a report with its availability and attainment. */
export interface PeriodFigures {
  readonly from: number;
  readonly to: number;
  readonly scheduledMs: number;
  readonly downtimeMs: number;
  readonly maintenanceMs: number;
  readonly availability: number;
  readonly target: number | null;
  readonly met: boolean | null;
  readonly errorBudgetRemaining: number | null;
  readonly outages: Interval[];
  /** Incidents on the service's CIs created while it was down in this period. */
  readonly incidentIds: string[];
}

/** A breached target with the incidents behind it. */
export type ReportBreach =
  | {
      readonly kind: 'availability';
      readonly from: number;
      readonly to: number;
      readonly availability: number;
      readonly target: number;
      readonly incidentIds: string[];
    }
  | ({ readonly kind: 'response' | 'resolution' } & Omit<TargetBreach, 'target'>);

/** An SLA report (GET /api/v1/sla/report). Times in ms since epoch; the route formats them. */
export interface SlaReport {
  readonly service: string;
  readonly sla: string | null;
  readonly from: number;
  readonly to: number;
  readonly generatedAt: number;
  readonly members: number;
  readonly periods: PeriodFigures[];
  readonly priorities: PriorityFigures[];
  readonly breaches: ReportBreach[];
}

/** Incidents read per page while collecting a report's incidents. */
const PAGE = 500;

/**
 * Incidents created in [from, to) that touch any of the CIs, read newest first and stopping at
 * the first page that reaches before `from` (ids grow with creation time).
 */
export async function incidentsOf(
  store: Store,
  ciIds: ReadonlySet<string>,
  from: number,
  to: number,
): Promise<IncidentRecord[]> {
  const out: IncidentRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listIncidents({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const i of page.items)
      if (i.createdAt >= from && i.createdAt < to && i.ciIds.some((id) => ciIds.has(id))) out.push(i);
    if (!page.next || page.items.every((i) => i.createdAt < from)) return out.reverse();
    cursor = page.next;
  }
}

/**
 * Builds the SLA report of one service over [from, to): availability and attainment per period
 * (calendar months in the SLA's zone, or the window itself for rolling periods), response and
 * resolution figures by priority, and every breach with its incidents. `now` bounds open outages.
 */
export async function buildSlaReport(
  store: Store & SlaStore,
  service: ServiceDefinition,
  members: readonly string[],
  window: Interval,
  now: number,
): Promise<SlaReport> {
  const sla = service.sla;
  const outages = (await store.outagesBetween([serviceSubject(service.name)], window.start, window.end)).map(
    (o) => ({
      start: o.start,
      end: o.end ?? Math.max(o.start, Math.min(now, window.end)),
    }),
  );
  const incidents = await incidentsOf(store, new Set(members), window.start, window.end);
  const periods = periodsIn(sla?.period ?? 'calendar_month', window, sla?.timeZone ?? 'UTC').map(
    (period): PeriodFigures => {
      const a = availability({
        window: period,
        outages,
        maintenance: service.maintenance,
        businessHours: sla?.businessHours ?? null,
      });
      const att = sla ? attainment(a, sla.availability) : null;
      const down = intersect(outages, [period]);
      return {
        from: period.start,
        to: period.end,
        scheduledMs: a.scheduledMs,
        downtimeMs: a.downtimeMs,
        maintenanceMs: a.maintenanceMs,
        availability: a.ratio,
        target: att?.target ?? null,
        met: att?.met ?? null,
        errorBudgetRemaining: att?.errorBudgetRemaining ?? null,
        outages: down,
        incidentIds: incidents
          .filter((i) => down.some((d) => i.createdAt >= d.start && i.createdAt < d.end))
          .map((i) => i.id),
      };
    },
  );
  const figures = sla
    ? responseFigures(incidents, sla.targets, Math.min(now, window.end))
    : { byPriority: [], breaches: [] };
  const breaches: ReportBreach[] = [
    ...periods.flatMap((p): ReportBreach[] =>
      p.met === false
        ? [
            {
              kind: 'availability',
              from: p.from,
              to: p.to,
              availability: p.availability,
              target: p.target!,
              incidentIds: p.incidentIds,
            },
          ]
        : [],
    ),
    ...figures.breaches.map(({ target, ...b }): ReportBreach => ({ kind: target, ...b })),
  ];
  return {
    service: service.name,
    sla: sla?.name ?? null,
    from: window.start,
    to: window.end,
    generatedAt: now,
    members: members.length,
    periods,
    priorities: figures.byPriority,
    breaches,
  };
}
