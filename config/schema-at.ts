import { ConfigSchema } from './schema.js';

/** A schema node seen as plain JSON Schema, for reading keywords such as `properties`. */
export type SchemaObject = Record<string, unknown>;

/** The schema node a TypeBox `schemaPath` (`#/properties/server/...`) points at. */
export function schemaAt(pointer: string): SchemaObject | undefined {
  let node: unknown = ConfigSchema;
  for (const segment of pointer.replace(/^#\/?/, '').split('/')) {
    if (segment === '') continue;
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as SchemaObject)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== null && typeof node === 'object' ? (node as SchemaObject) : undefined;
}
