import { Value } from 'typebox/value';
import { IMPACTS, PRIORITIES, URGENCIES } from '../correlator/model/itil.js';
import { minutesOf } from '../correlator/sla/business-hours.js';
import { windowProblems } from '../correlator/sla/windows.js';
import { automationProblems } from './automation-checks.js';
import { type ConfigPath, formatKey, valueAt } from './config-path.js';
import { parseDuration } from './duration.js';
import { type ConfigIssue, makeIssue } from './issues.js';
import { notifyConfigProblems } from './notify-checks.js';
import { ConfigSchema } from './schema.js';
import { snmpProblems } from './snmp-checks.js';
import { sshProblems } from './ssh-checks.js';
import { suppressionProblems } from './suppression-checks.js';
import type { Locator } from './yaml-locator.js';

/** Where semantic problems are reported, and which values could not be resolved. */
export interface SemanticContext {
  readonly file: string;
  readonly locator: Locator;
  /** Keys whose secret references failed: their values are not known, so not compared. */
  readonly unresolvedKeys: ReadonlySet<string>;
}

type Problem = { readonly path: ConfigPath; readonly reason: string };

const { incidents } = ConfigSchema.properties;
const MATRIX = incidents.properties.priorityMatrix;
const THRESHOLDS = incidents.properties.impactThresholds;
const ESCALATION = incidents.properties.escalation;
const LIFECYCLE = ConfigSchema.properties.cmdb.properties.lifecycle;
const SERVICES = ConfigSchema.properties.services;
const SLAS = ConfigSchema.properties.sla;

/**
 * The rules that relate several values, which a per-value schema cannot express: unique token
 * names and values, a priority matrix that never gives a less urgent or less impactful incident a
 * more pressing priority, and ordered impact thresholds. Each rule runs only when the part it reads
 * passed the schema, so these issues add to the schema's instead of repeating them.
 */
export function semanticIssues(value: unknown, context: SemanticContext): ConfigIssue[] {
  const problems = [
    ...tokenProblems(valueAt(value, ['server', 'tokens']), context.unresolvedKeys),
    ...matrixProblems(valueAt(value, ['incidents', 'priorityMatrix'])),
    ...thresholdProblems(valueAt(value, ['incidents', 'impactThresholds'])),
    ...targetProblems(valueAt(value, ['incidents', 'escalation'])),
    ...lifecycleProblems(valueAt(value, ['cmdb', 'lifecycle'])),
    ...serviceProblems(valueAt(value, ['services']), valueAt(value, ['sla'])),
    ...automationProblems(valueAt(value, ['automation'])),
    ...snmpProblems(valueAt(value, ['snmp']), context.unresolvedKeys),
    ...sshProblems(valueAt(value, ['ssh'])),
    ...suppressionProblems(valueAt(value, ['suppression'])),
    ...notifyConfigProblems(valueAt(value, ['notify'])),
    ...leaseProblems(valueAt(value, ['store', 'lease'])),
  ];
  return problems.map(({ path, reason }) =>
    makeIssue('VIGIL_ERR_CONFIG_INVALID', context.file, context.locator.value(path), path, { reason }),
  );
}

type NamedToken = { readonly name: string; readonly token: string };

const isNamedToken = (entry: unknown): entry is NamedToken =>
  entry !== null &&
  typeof entry === 'object' &&
  typeof (entry as NamedToken).name === 'string' &&
  typeof (entry as NamedToken).token === 'string';

function tokenProblems(tokens: unknown, unresolvedKeys: ReadonlySet<string>): Problem[] {
  if (!Array.isArray(tokens) || !tokens.every(isNamedToken)) return [];
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const values = new Map<string, number>();
  for (const [index, token] of tokens.entries()) {
    const firstName = names.get(token.name);
    if (firstName === undefined) names.set(token.name, index);
    else {
      problems.push({
        path: ['server', 'tokens', index, 'name'],
        reason: `"${token.name}" is already the name of ${formatKey(['server', 'tokens', firstName])}; token names must be unique`,
      });
    }
    if (unresolvedKeys.has(formatKey(['server', 'tokens', index, 'token']))) continue;
    const firstValue = values.get(token.token);
    if (firstValue === undefined) values.set(token.token, index);
    else {
      problems.push({
        path: ['server', 'tokens', index, 'token'],
        reason: `is the same secret as the token of ${formatKey(['server', 'tokens', firstValue])}; give every token its own value`,
      });
    }
  }
  return problems;
}

const rank = (priority: string): number => Number(priority.slice(1));

function matrixProblems(matrix: unknown): Problem[] {
  if (!Value.Check(MATRIX, matrix)) return [];
  const problems: Problem[] = [];
  const rowOk = new Map<string, boolean>();
  for (const impact of IMPACTS) {
    const row = matrix[impact];
    const column = row.findIndex((priority, index) => index > 0 && rank(priority) < rank(row[index - 1]!));
    rowOk.set(impact, column < 0);
    if (column >= 0) {
      problems.push({
        path: ['incidents', 'priorityMatrix', impact, column],
        reason:
          `${row[column]} for ${URGENCIES[column]} urgency is more pressing than ${row[column - 1]} for ` +
          `${URGENCIES[column - 1]} urgency; a less urgent incident must not get a higher priority`,
      });
    }
  }
  for (const [index, impact] of IMPACTS.entries()) {
    const wider = IMPACTS[index - 1];
    if (wider === undefined || !rowOk.get(impact) || !rowOk.get(wider)) continue;
    const row = matrix[impact];
    const column = row.findIndex((priority, at) => rank(priority) < rank(matrix[wider][at]!));
    if (column >= 0) {
      problems.push({
        path: ['incidents', 'priorityMatrix', impact, column],
        reason:
          `${row[column]} at ${impact} impact is more pressing than ${matrix[wider][column]} at ${wider} impact ` +
          `(${URGENCIES[column]} urgency); a narrower impact must not get a higher priority`,
      });
    }
  }
  return problems;
}

function thresholdProblems(thresholds: unknown): Problem[] {
  if (!Value.Check(THRESHOLDS, thresholds) || thresholds.global > thresholds.department) return [];
  return [
    {
      path: ['incidents', 'impactThresholds', 'global'],
      reason: `must be greater than incidents.impactThresholds.department (${thresholds.department}): global impact needs more dependent CIs than department impact`,
    },
  ];
}

/** A priority's response target must not exceed its resolution target: acknowledging comes first. */
function targetProblems(escalation: unknown): Problem[] {
  if (!Value.Check(ESCALATION, escalation)) return [];
  const problems: Problem[] = [];
  for (const priority of PRIORITIES) {
    const response = escalation.response[priority];
    const resolution = escalation.resolution[priority];
    if (response === undefined || resolution === undefined) continue;
    if (parseDuration(response) > parseDuration(resolution)) {
      problems.push({
        path: ['incidents', 'escalation', 'response', priority],
        reason: `${response} is longer than the ${priority} resolution target (${resolution}); an incident must be due for acknowledgement before it is due for resolution`,
      });
    }
  }
  return problems;
}

/** A CI must go missing before it is retired: retireAfter beyond missingAfter observation intervals. */
function lifecycleProblems(lifecycle: unknown): Problem[] {
  if (!Value.Check(LIFECYCLE, lifecycle)) return [];
  const missingMs = parseDuration(lifecycle.observationInterval) * lifecycle.missingAfter;
  if (parseDuration(lifecycle.retireAfter) > missingMs) return [];
  return [
    {
      path: ['cmdb', 'lifecycle', 'retireAfter'],
      reason: `${lifecycle.retireAfter} is not longer than missingAfter (${lifecycle.missingAfter}) x observationInterval (${lifecycle.observationInterval}); a CI must be missing before it is retired`,
    },
  ];
}

/**
 * Services and SLAs: unique names, a service's `sla` naming a defined SLA, maintenance windows
 * neither inverted nor overlapping, business hours that end after they start.
 */
function serviceProblems(services: unknown, slas: unknown): Problem[] {
  const problems: Problem[] = [];
  const slaNames = new Set<string>();
  if (Value.Check(SLAS, slas)) {
    slas.forEach((sla, i) => {
      if (slaNames.has(sla.name))
        problems.push({ path: ['sla', i, 'name'], reason: `"${sla.name}" is defined twice` });
      slaNames.add(sla.name);
      const hours = sla.businessHours;
      if (hours && minutesOf(hours.end)! <= minutesOf(hours.start)!)
        problems.push({
          path: ['sla', i, 'businessHours', 'end'],
          reason: `${hours.end} is not after start ${hours.start}; business hours end on the day they start`,
        });
    });
  }
  if (!Value.Check(SERVICES, services)) return problems;
  const names = new Set<string>();
  services.forEach((service, i) => {
    if (names.has(service.name))
      problems.push({ path: ['services', i, 'name'], reason: `"${service.name}" is defined twice` });
    names.add(service.name);
    if (service.sla !== undefined && Value.Check(SLAS, slas) && !slaNames.has(service.sla))
      problems.push({
        path: ['services', i, 'sla'],
        reason: `names no sla entry; defined: ${[...slaNames].join(', ') || 'none'}`,
      });
    const windows = service.maintenance.map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end) }));
    for (const problem of windowProblems(windows)) {
      const index = Number(/^window (\d+)/.exec(problem)![1]);
      problems.push({
        path: ['services', i, 'maintenance', index],
        reason: problem
          .replace(/^window \d+/, 'this maintenance window')
          .replace(/window (\d+)/, 'maintenance window $1'),
      });
    }
  });
  return problems;
}

/**
 * The timer lease must be renewed well within its time, or the holder loses it between two
 * renewals and timers move between replicas for no reason.
 */
function leaseProblems(lease: unknown): Problem[] {
  if (typeof lease !== 'object' || lease === null) return [];
  const { ttl, renewEvery } = lease as { ttl?: unknown; renewEvery?: unknown };
  if (typeof ttl !== 'string' || typeof renewEvery !== 'string') return [];
  let ttlMs: number;
  let renewMs: number;
  try {
    ttlMs = parseDuration(ttl);
    renewMs = parseDuration(renewEvery);
  } catch {
    return [];
  }
  if (renewMs * 2 <= ttlMs) return [];
  return [
    {
      path: ['store', 'lease', 'renewEvery'],
      reason: `must be at most half of store.lease.ttl (${ttl}); a third or less is recommended`,
    },
  ];
}
