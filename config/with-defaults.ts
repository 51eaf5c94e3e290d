import { Value } from 'typebox/value';
import { ConfigSchema, STORE_KINDS } from './schema.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Fills every default of the schema into a parsed config (mutating it). A section left empty in
 * YAML (`host:` with every line below commented out) reads as null and counts as absent, and the
 * store gets the defaults of the kind it names, which TypeBox cannot choose inside a union.
 */
export function withDefaults(config: Json): Json {
  dropNullSections(config, ConfigSchema as unknown as Json);
  const store = config['store'];
  if (isObject(store)) {
    const kind = store['kind'] ?? 'sqlite';
    if (kind === 'sqlite' || kind === 'redis') Value.Default(STORE_KINDS[kind], store);
  }
  return Value.Default(ConfigSchema, config) as Json;
}

function dropNullSections(value: Json, schema: Json): void {
  const properties = schema['properties'];
  if (!isObject(properties)) return;
  for (const [key, child] of Object.entries(properties)) {
    if (!isObject(child) || !('default' in child)) continue;
    if (value[key] === null && (child['type'] === 'object' || 'anyOf' in child)) delete value[key];
    const nested = value[key];
    if (isObject(nested)) dropNullSections(nested, child);
  }
}
