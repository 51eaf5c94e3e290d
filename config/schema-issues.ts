import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { Settings } from 'typebox/system';
import { formatKey, pointerToPath, valueAt } from './config-path.js';
import { hintFor } from './did-you-mean.js';
import { type ConfigIssue, makeIssue } from './issues.js';
import { narrowUnions } from './narrow-unions.js';
import { ConfigSchema } from './schema.js';
import { type SchemaObject, schemaAt } from './schema-at.js';
import { isSecretKey } from './secret-keys.js';
import type { Locator } from './yaml-locator.js';

const validator = Compile(ConfigSchema);

/** Most schema errors collected for one file; TypeBox's own default (8) would hide problems. */
const MAX_SCHEMA_ERRORS = 200;

/** Where the issues are reported and which values must never be quoted in them. */
export interface SchemaIssueContext {
  readonly file: string;
  readonly locator: Locator;
  /** Keys (as `formatKey` writes them) whose value came from a secret reference. */
  readonly secretKeys: ReadonlySet<string>;
}

/**
 * Validates a defaults-filled config against the schema and words each failure for a person:
 * the key, where it is written, what is expected and (unless it is a secret) what was found.
 * Unknown keys get a did-you-mean hint; a union such as `store` reports only the errors of the
 * variant its `kind` selects.
 */
export function schemaIssues(value: unknown, context: SchemaIssueContext): ConfigIssue[] {
  const errors = narrowUnions(
    collectErrors(value).filter(
      (error) => !(error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')),
    ),
    value,
  );
  return errors.flatMap((error) => toIssues(error, value, context));
}

/** Runs the validator with room for every error; the setting is global, so it is restored at once. */
function collectErrors(value: unknown): TLocalizedValidationError[] {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_SCHEMA_ERRORS });
  try {
    return validator.Errors(value);
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

function toIssues(
  error: TLocalizedValidationError,
  value: unknown,
  context: SchemaIssueContext,
): ConfigIssue[] {
  const path = pointerToPath(error.instancePath, value);
  const { file, locator } = context;
  if (error.keyword === 'additionalProperties') {
    const known = Object.keys(propertiesAt(error.schemaPath));
    return error.params.additionalProperties.map((name) => {
      const keyPath = [...path, name];
      return makeIssue('VIGIL_ERR_CONFIG_UNKNOWN_KEY', file, locator.key(keyPath), keyPath, {
        hint: hintFor(name, known) || otherVariantHint(error.schemaPath, name),
      });
    });
  }
  if (error.keyword === 'required') {
    return error.params.requiredProperties.map((name) =>
      makeIssue('VIGIL_ERR_CONFIG_INVALID', file, locator.value(path), [...path, name], {
        reason: 'is required',
      }),
    );
  }
  const found = valueAt(value, path);
  const quotable = !isSecretKey(path) && !context.secretKeys.has(formatKey(path));
  const reason = reasonFor(error, found) + (quotable && showsValue(error) ? ` (got ${describe(found)})` : '');
  return [makeIssue('VIGIL_ERR_CONFIG_INVALID', file, locator.value(path), path, { reason })];
}

function reasonFor(error: TLocalizedValidationError, found: unknown): string {
  switch (error.keyword) {
    case 'type': {
      const examples = schemaAt(error.schemaPath)?.['examples'];
      const example = Array.isArray(examples) ? ` such as "${String(examples[0])}"` : '';
      return `must be ${typeName(String(error.params.type))}${example}`;
    }
    case 'enum': {
      const allowed = error.params.allowedValues.map(String);
      const hint = typeof found === 'string' ? hintFor(found, allowed) : '';
      return `must be one of ${allowed.join(', ')}${hint}`;
    }
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'minItems':
    case 'maxItems': {
      const schema = schemaAt(error.schemaPath);
      const length = Array.isArray(found) ? found.length : 0;
      if (schema?.['minItems'] === schema?.['maxItems']) {
        return `must have exactly ${error.params.limit} entries, not ${length}`;
      }
      return `must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${error.params.limit} entries`;
    }
    case 'minimum':
      return `must be at least ${error.params.limit}`;
    case 'maximum':
      return `must be at most ${error.params.limit}`;
    case 'minLength':
      return error.params.limit === 1
        ? 'must not be empty'
        : `must be at least ${error.params.limit} characters`;
    case '~refine':
      return error.params.message;
    default:
      return error.message;
  }
}

function showsValue(error: TLocalizedValidationError): boolean {
  return !['minItems', 'maxItems', 'minLength'].includes(error.keyword);
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping of keys',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** Describes a found value briefly: strings quoted and cut, containers by kind. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return `${typeof value} ${String(value)}`;
}

function propertiesAt(pointer: string): SchemaObject {
  return (schemaAt(pointer)?.['properties'] as SchemaObject | undefined) ?? {};
}

/** For a key unknown in one union variant but valid in another: ` (only valid with kind: sqlite)`. */
function otherVariantHint(pointer: string, name: string): string {
  const variant = /^(.*)\/anyOf\/(\d+)$/.exec(pointer);
  if (!variant) return '';
  const siblings = (schemaAt(variant[1]!)?.['anyOf'] as SchemaObject[] | undefined) ?? [];
  const owner = siblings.find(
    (sibling, index) => index !== Number(variant[2]) && name in (sibling['properties'] as SchemaObject),
  );
  const kind = (owner?.['properties'] as SchemaObject | undefined)?.['kind'] as SchemaObject | undefined;
  return kind === undefined ? '' : ` (only valid with kind: ${String(kind['const'])})`;
}
