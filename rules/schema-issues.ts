import type { TLocalizedValidationError } from 'typebox/error';
import { RuleFileSchema } from './rule-schema.js';
import type { YamlPath } from './yaml-position.js';

/** A schema violation translated for people: where (as a YAML path) and why. */
export interface SchemaProblem {
  readonly path: YamlPath;
  /** Whether the position is the key (unknown keys) rather than the value. */
  readonly atKey: boolean;
  readonly reason: string;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
};

/**
 * Turns TypeBox errors into one readable problem per place: unknown keys with a "did you mean",
 * missing keys, wrong types, allowed values, and the `hint` of a schema where one is set.
 * `root` is the schema validated against (a rule file by default, or one correlation rule kind)
 * and `listKey` the list whose items are rules (threshold rule files by default; automation rule
 * files pass their own; `correlation` items are rules too).
 */
export function schemaProblems(
  errors: readonly TLocalizedValidationError[],
  root: unknown = RuleFileSchema,
  listKey = 'thresholds',
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: SchemaProblem) => {
    const id = `${problem.path.join('/')}|${problem.reason}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(problem);
    }
  };
  for (const error of errors) {
    if (error.keyword === 'boolean' || error.schemaPath.includes('/anyOf/')) continue;
    const path = parsePointer(error.instancePath);
    const schema = schemaAt(root, error.schemaPath);
    if (error.keyword === 'additionalProperties') {
      const known = Object.keys((schema?.['properties'] as object | undefined) ?? {});
      for (const extra of error.params.additionalProperties) {
        add({ path: [...path, extra], atKey: true, reason: unknownKey(extra, known) });
      }
    } else if (error.keyword === 'required') {
      for (const missing of error.params.requiredProperties) {
        add({ path, atKey: false, reason: `missing required key "${missing}"` });
      }
    } else {
      add({ path, atKey: false, reason: `${subject(path, listKey)} ${describe(error, schema)}` });
    }
  }
  return problems;
}

function describe(error: TLocalizedValidationError, schema: Record<string, unknown> | undefined): string {
  if (typeof schema?.['hint'] === 'string') return `must be ${schema['hint']}`;
  if (error.keyword === 'type')
    return `must be ${TYPE_NAMES[String(error.params.type)] ?? error.params.type}`;
  if (error.keyword === 'enum') return `must be one of ${error.params.allowedValues.join(', ')}`;
  return error.message;
}

/** The key a problem concerns, e.g. `"matchers[1]"` or `"above"`. */
function subject(path: YamlPath, listKey: string): string {
  const inRule =
    (path[0] === listKey || path[0] === 'correlation') && typeof path[1] === 'number' ? path.slice(2) : path;
  if (inRule.length === 0) return 'the rule';
  const text = inRule.map((segment, i) =>
    typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`,
  );
  return `"${text.join('')}"`;
}

function unknownKey(key: string, known: readonly string[]): string {
  const close = known.find((candidate) => distance(candidate.toLowerCase(), key.toLowerCase()) <= 2);
  const hint = close
    ? `; did you mean "${close}"?`
    : known.length > 0
      ? ` (allowed: ${known.join(', ')})`
      : '';
  return `unknown key "${key}"${hint}`;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function parsePointer(pointer: string): YamlPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function schemaAt(root: unknown, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const part of parsePointer(schemaPath.replace(/^#/, ''))) {
    node = (node as Record<string | number, unknown> | undefined)?.[part];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}
