import { type ConfigPath, formatKey } from './config-path.js';
import { ConfigSchema } from './schema.js';
import type { SchemaObject } from './schema-at.js';

/**
 * The dotted key of every setting in the schema (`server.tokens[].name`), so tests can prove that
 * README.md and the examples document each one.
 */
export function schemaKeys(): string[] {
  const keys = new Set<string>();
  const visit = (node: SchemaObject, path: ConfigPath): void => {
    if (typeof path.at(-1) === 'string') keys.add(formatKey(path).replace(/\[0\]/g, '[]'));
    for (const variant of (node['anyOf'] as SchemaObject[] | undefined) ?? []) visit(variant, path);
    const items = node['items'] as SchemaObject | undefined;
    if (items?.['type'] === 'object') visit(items, [...path, 0]);
    for (const [name, child] of Object.entries((node['properties'] as SchemaObject | undefined) ?? {})) {
      visit(child as SchemaObject, [...path, name]);
    }
  };
  visit(ConfigSchema as unknown as SchemaObject, []);
  return [...keys];
}
