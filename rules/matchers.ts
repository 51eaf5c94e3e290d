import { VigilError } from '../correlator/errors/vigil-error.js';

/** Alertmanager matcher operators: equal, not equal, regex match, regex non-match. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One parsed label matcher, e.g. `mount!="/boot/efi"`. */
export interface Matcher {
  readonly name: string;
  readonly op: MatchOperator;
  readonly value: string;
  /** The compiled, fully anchored regex for `=~` / `!~`. */
  readonly regex?: RegExp;
}

/** Longest matcher text accepted; rule files are user input. */
export const MAX_MATCHER_LENGTH = 1024;
/** Longest regex accepted: JS regexes cannot be interrupted, so their size is bounded. */
export const MAX_REGEX_LENGTH = 256;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const UNQUOTED_VALUE = /^[^\s"'{},]*$/;
/** A group holding a quantifier that is itself repeated: `(a+)+`, `(\w*)*` backtrack exponentially. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)\s*(?:[*+]|\{\d*,)/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/**
 * Parses one Alertmanager-style matcher: `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`;
 * quotes are optional for values without spaces, quotes, commas or braces. Regexes are fully
 * anchored like Prometheus (`^(?:re)$`, `.` matches newlines). Shared by threshold and
 * classification rules so users learn one syntax.
 * @example parseMatcher('fstype!~"tmpfs|overlay"')
 */
export function parseMatcher(text: string): Matcher {
  const fail = (reason: string): never => {
    throw new VigilError('VIGIL_ERR_MATCHER_INVALID', { matcher: shorten(text), reason });
  };
  if (typeof text !== 'string') return fail('a matcher must be a string');
  if (text.length > MAX_MATCHER_LENGTH) return fail(`it is longer than ${MAX_MATCHER_LENGTH} characters`);
  const trimmed = text.trim();
  const name = NAME.exec(trimmed)?.[0];
  if (!name) return fail('it must start with a label name such as mount or fstype');
  const rest = trimmed.slice(name.length).trimStart();
  const op = (['=~', '!~', '!=', '='] as const).find((candidate) => rest.startsWith(candidate));
  if (!op) return fail('expected one of the operators = != =~ !~ after the label name');
  const value = parseValue(rest.slice(op.length).trim(), fail);
  if (op === '=' || op === '!=') return { name, op, value };
  return { name, op, value, regex: compileRegex(value, fail) };
}

/** Parses a list of matchers (all must parse). */
export function parseMatchers(list: readonly string[]): Matcher[] {
  return list.map(parseMatcher);
}

/** Whether one matcher accepts the labels; a missing label is the empty string, as in Prometheus. */
export function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return matcher.regex!.test(actual);
    case '!~':
      return !matcher.regex!.test(actual);
  }
}

/** Whether every matcher accepts the labels (an empty list accepts everything). */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  // A loop, not `every` with a closure: classification tries every rule on each new incident, and
  // the closures were a tenth of what `bench:correlate` allocated.
  for (const matcher of matchers) if (!matches(matcher, labels)) return false;
  return true;
}

/** Formats a matcher back into its canonical text. */
export function formatMatcher(matcher: Matcher): string {
  return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}

function parseValue(raw: string, fail: (reason: string) => never): string {
  if (!raw.startsWith('"')) {
    if (!UNQUOTED_VALUE.test(raw)) return fail('quote values that contain spaces, quotes, commas or braces');
    return raw;
  }
  let value = '';
  for (let i = 1; i < raw.length; i++) {
    const char = raw[i]!;
    if (char === '"') {
      if (raw.slice(i + 1).trim() !== '') return fail('unexpected text after the closing quote');
      return value;
    }
    if (char === '\\') {
      const next = raw[++i];
      if (next === undefined) break;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === '"' || next === '\\' ? next : `\\${next}`;
    } else {
      value += char;
    }
  }
  return fail('the quoted value has no closing quote');
}

function compileRegex(source: string, fail: (reason: string) => never): RegExp {
  if (source.length > MAX_REGEX_LENGTH)
    return fail(`the regex is longer than ${MAX_REGEX_LENGTH} characters`);
  if (NESTED_QUANTIFIER.test(source))
    return fail('nested quantifiers such as (a+)+ can take exponential time');
  if (BACKREFERENCE.test(source)) return fail('backreferences are not supported');
  try {
    return new RegExp(`^(?:${source})$`, 's');
  } catch (error) {
    return fail(`the regex does not compile (${(error as Error).message})`);
  }
}

function shorten(text: unknown): string {
  const value = String(text);
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
