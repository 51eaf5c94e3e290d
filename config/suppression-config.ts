import type { MaintenanceSchedule } from '../correlator/suppression/maintenance/schedule.js';
import type { MaintenanceWindowRecord } from '../correlator/suppression/maintenance/window.js';
import type { TopologyOptions } from '../correlator/suppression/topology.js';
import { parseDuration } from './duration.js';
import type { RawConfig } from './schema.js';

/** One `suppression.inhibit` rule, as vigil runs it. */
export interface InhibitRuleConfig {
  readonly name: string;
  readonly source: readonly string[];
  readonly target: readonly string[];
  readonly equal: readonly string[];
}

/** `suppression`: maintenance windows (read-only, `source: config`) and inhibition rules. */
export interface SuppressionConfig {
  readonly maintenance: readonly MaintenanceWindowRecord[];
  readonly inhibit: readonly InhibitRuleConfig[];
  /** Topology suppression, or null when `suppression.topology.enabled` is false. */
  readonly topology: TopologyOptions | null;
}

type RawWindow = RawConfig['suppression']['maintenance'][number];

/** The schedule a config window describes; only call it on a window that passed the checks. */
export function configSchedule(schedule: RawWindow['schedule']): MaintenanceSchedule {
  if (schedule.cron !== undefined) {
    return {
      kind: 'recurring',
      cron: schedule.cron,
      durationMs: parseDuration(schedule.duration ?? ''),
      timezone: schedule.timezone,
    };
  }
  return {
    kind: 'once',
    startsAt: Date.parse(schedule.startsAt ?? ''),
    endsAt: Date.parse(schedule.endsAt ?? ''),
  };
}

/** Converts the validated `suppression` section. */
export function toSuppressionConfig(raw: RawConfig['suppression']): SuppressionConfig {
  return {
    maintenance: raw.maintenance.map((w) => ({
      name: w.name,
      selector: w.selector,
      schedule: configSchedule(w.schedule),
      comment: w.comment,
      createdBy: 'config',
      createdAt: 0,
      source: 'config',
    })),
    inhibit: raw.inhibit,
    topology: raw.topology.enabled
      ? { waitMs: parseDuration(raw.topology.wait), down: raw.topology.down, maxDepth: raw.topology.maxDepth }
      : null,
  };
}
