import { isDeepStrictEqual } from 'node:util';
import type { JsonValue } from '../model/observation.js';
import type { CiHistoryEntry, CiRecord } from '../model/records.js';
import { type PrecedencePolicy, rankOf } from './precedence.js';

/** The key under which sources' reported names are kept in `CiRecord.observed`. */
export const NAME_KEY = '@name';

type Reports = Record<string, { value: JsonValue; at: number }>;

/** The reports of one attribute, seeded from the attribute itself on records without `observed`. */
function reportsOf(ci: CiRecord, attribute: string): Reports {
  const known = ci.observed?.[attribute];
  if (known) return { ...known };
  const current = ci.attributes[attribute];
  return current ? { [current.source]: { value: current.value, at: current.at } } : {};
}

/** The winning report: highest rank, then newest, then source name for a stable tie-break. */
function winner(policy: PrecedencePolicy, attribute: string, reports: Reports): [string, Reports[string]] {
  let best: [string, Reports[string]] | null = null;
  for (const entry of Object.entries(reports)) {
    if (!best) {
      best = entry;
      continue;
    }
    const a = rankOf(policy, attribute, entry[0]);
    const b = rankOf(policy, attribute, best[0]);
    if (
      a < b ||
      (a === b && (entry[1].at > best[1].at || (entry[1].at === best[1].at && entry[0] < best[0])))
    )
      best = entry;
  }
  return best!;
}

/**
 * Applies one source's report of a CI's attributes (mutating `ci`, a private copy): keeps the
 * report per source, sets each attribute to the value of its highest-ranked source, and appends to
 * `history` every value change of the CI (`applied`) and every changed report that a
 * higher-ranked source overrules (`applied: false`). Returns whether anything changed.
 */
export function mergeAttributes(
  ci: CiRecord,
  source: string,
  attributes: Record<string, JsonValue>,
  at: number,
  policy: PrecedencePolicy,
  history: CiHistoryEntry[],
): boolean {
  let changed = false;
  const observed = { ...(ci.observed ?? {}) };
  for (const [name, value] of Object.entries(attributes)) {
    const reports = reportsOf(ci, name);
    const previous = reports[source];
    if (previous && isDeepStrictEqual(previous.value, value)) {
      observed[name] = reports;
      continue;
    }
    reports[source] = { value, at };
    observed[name] = reports;
    const [winSource, win] = winner(policy, name, reports);
    const current = ci.attributes[name];
    if (winSource === source) {
      if (!current || !isDeepStrictEqual(current.value, value)) {
        history.push({ ciId: ci.id, attribute: name, oldValue: current?.value, newValue: value, source, at });
        changed = true;
      }
      ci.attributes = {
        ...ci.attributes,
        [name]: { value, source, at: current && isDeepStrictEqual(current.value, value) ? current.at : at },
      };
    } else {
      history.push({
        ciId: ci.id,
        attribute: name,
        oldValue: previous?.value,
        newValue: value,
        source,
        at,
        applied: false,
      });
      if (!current)
        ci.attributes = { ...ci.attributes, [name]: { value: win.value, source: winSource, at: win.at } };
    }
  }
  ci.observed = observed;
  return changed;
}

/** Records `source`'s name for the CI and sets the name to that of the highest-ranked source. */
export function mergeName(
  ci: CiRecord,
  source: string,
  name: string,
  at: number,
  policy: PrecedencePolicy,
): void {
  const reports = ci.observed?.[NAME_KEY]
    ? { ...ci.observed[NAME_KEY] }
    : { [ci.sources[0] ?? source]: { value: ci.name, at: ci.firstSeen } };
  const previous = reports[source];
  if (!previous || previous.value !== name) reports[source] = { value: name, at };
  ci.observed = { ...(ci.observed ?? {}), [NAME_KEY]: reports };
  ci.name = String(winner(policy, NAME_KEY, reports)[1].value);
}
