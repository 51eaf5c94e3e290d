import { CI_CLASSES, type CiClass } from '../model/itil.js';
import type { CiRecord } from '../model/records.js';

/**
 * Which CIs belong to a service: all given conditions must hold. `name` is a wildcard (`*` any
 * characters, `?` one, case-insensitive); `attributes` compare a CI attribute's value as text.
 */
export interface CiSelector {
  readonly class?: CiClass;
  readonly name?: string;
  readonly ids?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Longest wildcard accepted; longer ones are surely mistakes and cost matching time. */
const MAX_PATTERN = 256;

/** Problems with a selector (empty when usable), each saying what to fix. */
export function selectorProblems(selector: unknown): string[] {
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector))
    return ['a selector is a mapping with class, name, ids and/or attributes'];
  const s = selector as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(s))
    if (!['class', 'name', 'ids', 'attributes'].includes(key))
      problems.push(`unknown selector key "${key}"; use class, name, ids or attributes`);
  if (Object.keys(s).length === 0)
    problems.push('an empty selector would select every CI; name at least one condition');
  if (s['class'] !== undefined && !(CI_CLASSES as readonly unknown[]).includes(s['class']))
    problems.push(`class ${JSON.stringify(s['class'])} is not one of ${CI_CLASSES.join(', ')}`);
  if (
    s['name'] !== undefined &&
    (typeof s['name'] !== 'string' || s['name'] === '' || s['name'].length > MAX_PATTERN)
  )
    problems.push(`name must be a wildcard of 1..${MAX_PATTERN} characters`);
  if (
    s['ids'] !== undefined &&
    (!Array.isArray(s['ids']) || !s['ids'].every((id) => typeof id === 'string' && /^CI-\d{6,12}$/.test(id)))
  )
    problems.push('ids must be a list of CI ids such as CI-000042');
  const attrs = s['attributes'];
  if (
    attrs !== undefined &&
    (attrs === null ||
      typeof attrs !== 'object' ||
      Array.isArray(attrs) ||
      !Object.values(attrs).every((v) => typeof v === 'string'))
  )
    problems.push('attributes must map attribute names to text values');
  return problems;
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** A compiled selector: a predicate over CIs. Only call it on a selector without problems. */
export function compileSelector(selector: CiSelector): (ci: CiRecord) => boolean {
  const name = selector.name ? wildcard(selector.name) : null;
  const ids = selector.ids ? new Set(selector.ids) : null;
  const attributes = Object.entries(selector.attributes ?? {});
  return (ci) =>
    (selector.class === undefined || ci.class === selector.class) &&
    (name === null || name.test(ci.name)) &&
    (ids === null || ids.has(ci.id)) &&
    attributes.every(([k, v]) => {
      const value = ci.attributes[k]?.value;
      return value !== undefined && value !== null && String(value) === v;
    });
}
