/** A path to a value inside the config: object keys and array indexes, outermost first. */
export type ConfigPath = readonly (string | number)[];

/**
 * Formats a path the way users read it in messages: `server.tokens[0].token`. Errors name this
 * key so users can find it without counting list entries.
 */
export function formatKey(path: ConfigPath): string {
  let key = '';
  for (const segment of path) {
    if (typeof segment === 'number') key += `[${segment}]`;
    else key += key === '' ? segment : `.${segment}`;
  }
  return key === '' ? '(root)' : key;
}

/** Turns a JSON pointer (`/server/tokens/0`), as TypeBox reports it, into a path. */
export function pointerToPath(pointer: string, value: unknown): ConfigPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(step);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
  }
  return path;
}

/** Reads the value at a path, or `undefined` when the path leads nowhere. */
export function valueAt(value: unknown, path: ConfigPath): unknown {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
