import { ATTRIBUTE_NAME } from '../cmdb/attribute-filter.js';
import { MAX_SEARCH_KEY } from '../cmdb/search-keys.js';
import { VigilError } from '../errors/vigil-error.js';
import { CI_CLASSES, CI_STATES, type CiClass, type CiState } from '../model/itil.js';
import type { CiQuery } from '../store/contract.js';

/** The filters of `GET /api/v1/cis` and its export, without paging. */
export type CiFilter = Omit<CiQuery, 'limit' | 'cursor'>;

/** Filter parameters every CI list takes. */
const FILTERS = ['class', 'state', 'source', 'q'] as const;
/** Attribute conditions are `attribute.NAME=VALUE`, at most this many. */
const ATTRIBUTE_PREFIX = 'attribute.';
const MAX_ATTRIBUTES = 4;
/** A collector or API source name, as observation batches spell it. */
const SOURCE = /^[A-Za-z0-9._-]{1,64}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

const bad = (parameter: string, reason: string) =>
  new VigilError('VIGIL_ERR_CI_FILTER', { parameter, reason });

/**
 * Checks the CI list filters of a query string and returns them as a store query. Every problem is
 * a `VIGIL_ERR_CI_FILTER` naming the parameter and what it takes; `others` are parameters the route
 * checks itself (paging, export format), anything else is refused so a typo does not list everything.
 */
export function parseCiFilter(query: Record<string, unknown>, others: readonly string[]): CiFilter {
  const known = [...FILTERS, ...others];
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name.startsWith(ATTRIBUTE_PREFIX)) {
      attributes[name.slice(ATTRIBUTE_PREFIX.length)] = attributeValue(name, value);
      continue;
    }
    if (!known.includes(name))
      throw bad(name, `it is not a parameter here; use ${known.join(', ')} or attribute.NAME`);
  }
  if (Object.keys(attributes).length > MAX_ATTRIBUTES)
    throw bad('attribute.*', `at most ${MAX_ATTRIBUTES} attribute conditions`);
  const text = (name: (typeof FILTERS)[number]): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw bad(name, 'give it once, as one value');
    return value;
  };
  const filter: CiFilter = {};
  const ciClass = text('class');
  if (ciClass !== undefined) {
    if (!(CI_CLASSES as readonly string[]).includes(ciClass))
      throw bad('class', `"${ciClass.slice(0, 40)}" is not a CI class; use one of ${CI_CLASSES.join(', ')}`);
    filter.class = ciClass as CiClass;
  }
  const state = text('state');
  if (state !== undefined) {
    if (!(CI_STATES as readonly string[]).includes(state))
      throw bad(
        'state',
        `"${state.slice(0, 40)}" is not a lifecycle state; use one of ${CI_STATES.join(', ')}`,
      );
    filter.state = state as CiState;
  }
  const source = text('source');
  if (source !== undefined) {
    if (!SOURCE.test(source))
      throw bad(
        'source',
        'a source is 1 to 64 letters, digits, dots, dashes or underscores (host, ssh, snmp, api)',
      );
    filter.source = source;
  }
  const q = text('q');
  if (q !== undefined) {
    const trimmed = q.trim();
    if (trimmed === '' || trimmed.length > MAX_SEARCH_KEY || CONTROL.test(trimmed))
      throw bad(
        'q',
        `search text is 1 to ${MAX_SEARCH_KEY} characters without control characters (a name, FQDN, serial, MAC, IP or UUID, or its beginning)`,
      );
    filter.q = trimmed;
  }
  if (Object.keys(attributes).length > 0) filter.attributes = attributes;
  return filter;
}

/** The value of one `attribute.NAME` parameter, after checking the name and the value. */
function attributeValue(parameter: string, value: unknown): string {
  const name = parameter.slice(ATTRIBUTE_PREFIX.length);
  if (!ATTRIBUTE_NAME.test(name))
    throw bad(parameter, 'an attribute name is 1 to 64 letters, digits, dots, dashes or underscores');
  if (typeof value !== 'string') throw bad(parameter, 'give it once, as one value');
  if (value === '' || value.length > MAX_SEARCH_KEY || CONTROL.test(value))
    throw bad(parameter, `the value is 1 to ${MAX_SEARCH_KEY} characters without control characters`);
  return value;
}
