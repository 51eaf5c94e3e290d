import { isAlias, isMap, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import { type ConfigIssue, makeIssue } from './issues.js';
import { type Locator, yamlLocator } from './yaml-locator.js';

/** Most alias expansions a config may use; more is treated as a "billion laughs" attack. */
export const MAX_ALIAS_COUNT = 100;

/** A config file parsed into plain data, with the means to find where each value is written. */
export interface ParsedYaml {
  readonly value: Record<string, unknown>;
  readonly locator: Locator;
}

/**
 * Parses config YAML (1.2 core schema, duplicate keys rejected, alias expansion bounded) into a
 * plain object. An empty file or one holding only comments is an empty config. Returns issues
 * instead when the text is not YAML or not a mapping of sections.
 */
export function parseConfigYaml(text: string, file: string): ParsedYaml | { issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    prettyErrors: true,
    lineCounter,
    uniqueKeys: true,
  });
  const locator = yamlLocator(doc, lineCounter);
  if (doc.errors.length > 0) return { issues: doc.errors.map((error) => syntaxIssue(error, file)) };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const reason = (error as Error).message.replace(/\.$/, '');
    const where = aliasLocation(doc, lineCounter, /Unresolved alias.*: (.+)$/.exec(reason)?.[1]);
    return { issues: [makeIssue('VIGIL_ERR_CONFIG_PARSE', file, where, null, { reason })] };
  }
  if (value === null || value === undefined) return { value: {}, locator };
  if (!isMap(doc.contents)) {
    const reason = 'must be a mapping of sections such as "server:" and "store:"';
    return { issues: [makeIssue('VIGIL_ERR_CONFIG_INVALID', file, locator.value([]), [], { reason })] };
  }
  return { value: value as Record<string, unknown>, locator };
}

/** Reasons reworded for vigil users where the parser's wording addresses programmers. */
const REWORDED: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'a config file holds one YAML document; remove the "---" or "..." separator',
};

function syntaxIssue(error: YAMLError, file: string): ConfigIssue {
  const [start] = error.linePos ?? [];
  const where = start ? { line: start.line, column: start.col } : null;
  const parserReason = error.message.split(/ at line \d+, column \d+/)[0]!.split('\n')[0]!;
  const reason = REWORDED[error.code] ?? parserReason.replace(/\.$/, '');
  return makeIssue('VIGIL_ERR_CONFIG_PARSE', file, where, null, { reason });
}

/** Where the alias named `name` (or, without a name, the first alias) is written. */
function aliasLocation(
  doc: Parameters<typeof visit>[0],
  lineCounter: LineCounter,
  name: string | undefined,
): { line: number; column: number } {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      if (!isAlias(node) || (name !== undefined && node.source !== name)) return undefined;
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
