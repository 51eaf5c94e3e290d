import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { SlaStore } from '../store/sla-store.js';
import { serviceSubject } from '../store/sla-store.js';
import { attainment, availability } from './availability.js';
import type { Interval } from './intervals.js';
import type { OutageTracker } from './outage-tracker.js';
import { periodAt, ROLLING_30D_MS } from './period.js';
import type { ServiceDefinition } from './service-definition.js';

/**
 * Sets the service and SLA gauges at scrape time: up state, availability over the rolling 30 days
 * and the calendar month so far, SLA target, error budget left and whether the target is met in
 * the SLA's current period. One outage query for all services. Labels: service names from config
 * (bounded) and two window names.
 */
export async function refreshSlaGauges(
  metrics: VigilMetrics,
  sla: { services: readonly ServiceDefinition[]; tracker: OutageTracker; store: SlaStore },
  now: number,
): Promise<void> {
  for (const g of [
    metrics.serviceUp,
    metrics.serviceAvailability,
    metrics.slaTarget,
    metrics.slaErrorBudget,
    metrics.slaAvailabilityMet,
  ])
    g.reset();
  if (sla.services.length === 0) return;
  const windows = sla.services.map((s) => ({
    service: s,
    rolling: { start: now - ROLLING_30D_MS, end: now },
    month: { start: periodAt('calendar_month', now, s.sla?.timeZone ?? 'UTC').start, end: now },
    period: s.sla ? { start: periodAt(s.sla.period, now, s.sla.timeZone).start, end: now } : null,
  }));
  const from = Math.min(...windows.flatMap((w) => [w.rolling.start, w.month.start]));
  const bySubject = new Map<string, Interval[]>();
  for (const o of await sla.store.outagesBetween(
    sla.services.map((s) => serviceSubject(s.name)),
    from,
    now,
  )) {
    const list = bySubject.get(o.subject) ?? [];
    list.push({ start: o.start, end: o.end ?? now });
    bySubject.set(o.subject, list);
  }
  const states = sla.tracker.serviceStates();
  for (const w of windows) {
    const { name, maintenance } = w.service;
    const businessHours = w.service.sla?.businessHours ?? null;
    const outages = bySubject.get(serviceSubject(name)) ?? [];
    const of = (window: Interval) => availability({ window, outages, maintenance, businessHours });
    metrics.serviceUp.set({ service: name }, states.get(name) === false ? 0 : 1);
    metrics.serviceAvailability.set({ service: name, window: '30d' }, of(w.rolling).ratio);
    metrics.serviceAvailability.set({ service: name, window: 'month' }, of(w.month).ratio);
    if (w.service.sla && w.period) {
      const att = attainment(of(w.period), w.service.sla.availability);
      metrics.slaTarget.set({ service: name }, w.service.sla.availability);
      metrics.slaErrorBudget.set({ service: name }, att.errorBudgetRemaining);
      metrics.slaAvailabilityMet.set({ service: name }, att.met ? 1 : 0);
    }
  }
}
