import type { Document, LineCounter } from 'yaml';
import { yamlLocator } from '../config/yaml-locator.js';

/** A path into parsed YAML: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/**
 * Finds the line and column where `path` is written in a rule file, with the config loader's
 * locator (one implementation for every YAML error vigil reports). With `key: true`, the position
 * of the map key instead of its value (for "unknown key" errors). A path that does not exist
 * resolves to the deepest enclosing node that does.
 */
export function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  path: YamlPath,
  { key = false }: { key?: boolean } = {},
): { line: number; column: number } {
  const locator = yamlLocator(doc, lineCounter);
  return key ? locator.key(path) : locator.value(path);
}
