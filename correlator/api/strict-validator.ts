import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/** Most schema errors reported for one body. */
const MAX_ERRORS = 20;

/**
 * A route validator that never coerces. The app's ajv coerces scalars (`coerceTypes: 'array'`,
 * which query strings need), so a label value `1` or `["a"]` would pass as `"1"` / `"a"`; the
 * foreign wire formats (Prometheus, Alertmanager, PagerDuty) are checked exactly instead, with
 * TypeBox's compiled checker. Errors have ajv's shape (`instancePath`, `message`), so the error
 * handler reports them as VIGIL_ERR_VALIDATION like any other schema error.
 */
export const strictValidator: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  const compiled = Compile(schema);
  const validate = Object.assign(
    (data: unknown): boolean => {
      if (compiled.Check(data)) return true;
      const errors: FastifySchemaValidationError[] = [];
      for (const error of compiled.Errors(data)) {
        errors.push({
          keyword: error.keyword,
          instancePath: error.instancePath,
          schemaPath: error.schemaPath,
          params: error.params,
          message: error.message,
        });
        if (errors.length >= MAX_ERRORS) break;
      }
      validate.errors = errors;
      return false;
    },
    { errors: null as FastifySchemaValidationError[] | null },
  );
  return validate;
};
