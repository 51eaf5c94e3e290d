import type { TLocalizedValidationError } from 'typebox/error';
import { pointerToPath, valueAt } from './config-path.js';
import { type SchemaObject, schemaAt } from './schema-at.js';

/**
 * Keeps, for each failing union, only the errors of the variant the value's `kind` selects (the
 * variant without a required `kind` when it has none). With an unknown kind, one error says which
 * kinds exist instead of a page of per-variant complaints.
 */
export function narrowUnions(
  errors: TLocalizedValidationError[],
  value: unknown,
): TLocalizedValidationError[] {
  let kept = errors;
  for (const union of errors.filter((error) => error.keyword === 'anyOf')) {
    const variants = (schemaAt(union.schemaPath)?.['anyOf'] as SchemaObject[] | undefined) ?? [];
    const kinds = variants.map((variant) => (variant['properties'] as SchemaObject)['kind'] as SchemaObject);
    const instance = valueAt(value, pointerToPath(union.instancePath, value));
    const kind =
      instance !== null && typeof instance === 'object' ? (instance as SchemaObject)['kind'] : undefined;
    const chosen =
      kind === undefined
        ? variants.findIndex(
            (variant) => !((variant['required'] as string[] | undefined) ?? []).includes('kind'),
          )
        : kinds.findIndex((schema) => schema['const'] === kind);
    const prefix = `${union.schemaPath}/anyOf/`;
    const keep = `${prefix}${chosen}`;
    kept = kept.filter(
      (error) =>
        error !== union &&
        (!error.schemaPath.startsWith(prefix) ||
          error.schemaPath === keep ||
          error.schemaPath.startsWith(`${keep}/`)),
    );
    if (chosen < 0) {
      kept.push({
        keyword: 'enum',
        schemaPath: `${prefix}0/properties/kind`,
        instancePath: `${union.instancePath}/kind`,
        params: { allowedValues: kinds.map((schema) => schema['const']) },
        message: 'must be one of the allowed values',
      });
    }
  }
  return kept;
}
