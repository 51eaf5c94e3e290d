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

/** A path into parsed YAML: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/**
 * Finds the line and column where `path` is written. With `key: true`, the position of the map
 * key instead of its value (for "unknown key" errors). A path that does not exist (a missing
 * key) resolves to the deepest enclosing node that does.
 */
export function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  path: YamlPath,
  { key = false }: { key?: boolean } = {},
): { line: number; column: number } {
  let node = deref(doc, doc.contents);
  let target: Node | null = node;
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      const value = deref(doc, pair.value);
      target = (key && index === path.length - 1) || !value?.range ? (pair.key as Node) : value;
      node = value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = deref(doc, node.items[segment]);
      target = node ?? target;
    } else {
      break;
    }
  }
  const offset = target?.range?.[0];
  if (offset === undefined) return { line: 1, column: 1 };
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function deref(doc: Document, value: unknown): Node | null {
  if (isAlias(value)) return (value.resolve(doc) as Node | undefined) ?? null;
  return isNode(value) ? value : null;
}
