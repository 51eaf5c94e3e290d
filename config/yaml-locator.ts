import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
} from 'yaml';
import type { ConfigPath } from './config-path.js';

/** A 1-based position in the config file. */
export interface Location {
  readonly line: number;
  readonly column: number;
}

/**
 * Finds where a config path is written, so that every error can name a line and column. It
 * follows aliases to their anchors and, when the path does not exist (a missing key), falls back
 * to the nearest enclosing node that does.
 */
export interface Locator {
  /** Where the value at `path` starts. */
  value(path: ConfigPath): Location;
  /** Where the key of the entry at `path` is written (the value's position for list items). */
  key(path: ConfigPath): Location;
}

interface Found {
  /** The deepest node reached on the path. */
  readonly node: Node | null;
  /** The key node of the last map entry, when the whole path was reached through one. */
  readonly keyNode: Node | null;
}

/** A locator over a parsed YAML document; `lineCounter` must be the one given to `parseDocument`. */
export function yamlLocator(doc: Document, lineCounter: LineCounter): Locator {
  const at = (node: Node | null): Location => {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, column: 1 };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return {
    value: (path) => {
      const found = walk(doc, path);
      return at(found.node ?? found.keyNode);
    },
    key: (path) => {
      const found = walk(doc, path);
      return at(found.keyNode ?? found.node);
    },
  };
}

function walk(doc: Document, path: ConfigPath): Found {
  let node = resolve(doc, doc.contents);
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) return { node, keyNode: null };
      const value = resolve(doc, pair.value);
      const keyNode = isNode(pair.key) ? pair.key : null;
      if (last) return { node: value?.range ? value : null, keyNode };
      if (!value?.range) return { node: keyNode, keyNode: null };
      node = value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = resolve(doc, node.items[segment]) ?? node;
    } else {
      return { node, keyNode: null };
    }
  }
  return { node, keyNode: null };
}

function resolve(doc: Document, value: unknown): Node | null {
  if (isAlias(value)) return (value.resolve(doc) as Node | undefined) ?? null;
  return isNode(value) ? value : null;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
