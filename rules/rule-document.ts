import { type Document, LineCounter, parseDocument } from 'yaml';
import { VigilError } from '../correlator/errors/vigil-error.js';

/** Largest rule file accepted: real ones are a few kilobytes. */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;
/** Most alias expansions a rule file may use ("billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;

/**
 * The first step every rule file kind shares (threshold and correlation rules, automation rules):
 * a size limit, then YAML with duplicate keys refused and line positions kept. Throws
 * `VIGIL_ERR_RULE_FILE_UNREADABLE` (too large) or `VIGIL_ERR_CONFIG_PARSE` (not YAML, with line
 * and column); validation against a schema is the caller's.
 */
export function parseRuleDocument(
  text: string,
  fileName: string,
): { document: Document.Parsed; lineCounter: LineCounter } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RULE_FILE_BYTES) {
    throw new VigilError('VIGIL_ERR_RULE_FILE_UNREADABLE', {
      file: fileName,
      reason: `it is ${bytes} bytes, more than the limit of ${MAX_RULE_FILE_BYTES} bytes`,
    });
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const pos = syntax.linePos?.[0] ?? { line: 1, col: 1 };
    throw new VigilError('VIGIL_ERR_CONFIG_PARSE', {
      file: fileName,
      line: pos.line,
      column: pos.col,
      reason: syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    });
  }
  return { document, lineCounter };
}
