import { Value } from 'typebox/value';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { compileWindow } from '../correlator/suppression/maintenance/window.js';
import { parseMatchers } from '../rules/matchers.js';
import type { ConfigPath } from './config-path.js';
import { parseDuration } from './duration.js';
import { configSchedule } from './suppression-config.js';
import { Suppression } from './suppression-schema.js';

type Problem = { readonly path: ConfigPath; readonly reason: string };

/**
 * What the `suppression` schema cannot say: a schedule is either one-off (`startsAt` + `endsAt`)
 * or recurring (`cron` + `duration`); cron, time zone, durations, classes and matchers are valid;
 * names are unique. Runs only when the section passed the schema.
 */
export function suppressionProblems(section: unknown): Problem[] {
  if (!Value.Check(Suppression, section)) return [];
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  for (const [index, window] of section.maintenance.entries()) {
    const at = (...rest: Array<string | number>): ConfigPath => [
      'suppression',
      'maintenance',
      index,
      ...rest,
    ];
    const first = names.get(window.name);
    if (first !== undefined) {
      problems.push({
        path: at('name'),
        reason: `"${window.name}" is already the name of suppression.maintenance[${first}]`,
      });
      continue;
    }
    names.set(window.name, index);
    const { schedule } = window;
    const once = schedule.startsAt !== undefined || schedule.endsAt !== undefined;
    const recurring = schedule.cron !== undefined || schedule.duration !== undefined;
    if (once === recurring) {
      problems.push({
        path: at('schedule'),
        reason: 'give either startsAt and endsAt (one-off) or cron and duration (recurring)',
      });
      continue;
    }
    if (once && (schedule.startsAt === undefined || schedule.endsAt === undefined)) {
      problems.push({ path: at('schedule'), reason: 'a one-off window needs both startsAt and endsAt' });
      continue;
    }
    if (recurring && (schedule.cron === undefined || schedule.duration === undefined)) {
      problems.push({ path: at('schedule'), reason: 'a recurring window needs both cron and duration' });
      continue;
    }
    if (recurring && !isDuration(schedule.duration!)) {
      problems.push({ path: at('schedule', 'duration'), reason: 'must be a duration such as 30m, 2h or 1d' });
      continue;
    }
    const problem = reasonOf(() =>
      compileWindow({
        name: window.name,
        selector: window.selector,
        schedule: configSchedule(schedule),
        comment: window.comment,
        createdBy: 'config',
        createdAt: 0,
        source: 'config',
      }),
    );
    if (problem) problems.push({ path: at(), reason: problem });
  }
  const rules = new Map<string, number>();
  for (const [index, rule] of section.inhibit.entries()) {
    const at = (...rest: Array<string | number>): ConfigPath => ['suppression', 'inhibit', index, ...rest];
    const first = rules.get(rule.name);
    if (first !== undefined) {
      problems.push({
        path: at('name'),
        reason: `"${rule.name}" is already the name of suppression.inhibit[${first}]`,
      });
    } else rules.set(rule.name, index);
    for (const side of ['source', 'target'] as const) {
      rule[side].forEach((text, i) => {
        const problem = reasonOf(() => parseMatchers([text]));
        if (problem) problems.push({ path: at(side, i), reason: problem });
      });
    }
  }
  const { topology } = section;
  if (!isDuration(topology.wait, true)) {
    problems.push({
      path: ['suppression', 'topology', 'wait'],
      reason: 'must be a duration such as 0s, 10s or 1m',
    });
  }
  topology.down.forEach((text, i) => {
    const problem = reasonOf(() => parseMatchers([text]));
    if (problem) problems.push({ path: ['suppression', 'topology', 'down', i], reason: problem });
  });
  return problems;
}

function isDuration(value: string, zero = false): boolean {
  try {
    return zero ? parseDuration(value) >= 0 : parseDuration(value) > 0;
  } catch {
    return false;
  }
}

function reasonOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof VigilError) return error.message;
    throw error;
  }
}
