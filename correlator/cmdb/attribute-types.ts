import { VigilError } from '../errors/vigil-error.js';
import type { CiClass } from '../model/itil.js';
import type { JsonValue } from '../model/observation.js';
import type { CiRecord } from '../model/records.js';

/** What an attribute name may look like: no spaces, quotes or markup that would travel into exports. */
export const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

/** The JSON types a CI attribute can be declared as. */
export type AttributeType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/**
 * Types of the attributes collectors report and people edit, by class (`*`: every class). A manual
 * edit must respect them, so a typo (`cpus: "eight"`) cannot poison reports, selectors and exports.
 */
const KNOWN: Readonly<Record<string, Readonly<Record<string, AttributeType>>>> = {
  '*': {
    owner: 'string',
    department: 'string',
    environment: 'string',
    location: 'string',
    description: 'string',
    criticality: 'string',
    tags: 'array',
  },
  host: {
    os: 'string',
    kernel: 'string',
    cpus: 'integer',
    memoryBytes: 'integer',
    model: 'string',
    vendor: 'string',
  },
  network_device: { sysDescr: 'string', model: 'string', vendor: 'string', firmware: 'string' },
  interface: { speedBps: 'integer', mtu: 'integer', mac: 'string', adminUp: 'boolean' },
  filesystem: { sizeBytes: 'integer', fsType: 'string', device: 'string' },
  disk: { sizeBytes: 'integer', model: 'string' },
};

/** Most attributes one manual edit may set, longest attribute value (as JSON), longest name. */
export const MAX_EDIT_ATTRIBUTES = 100;
export const MAX_VALUE_JSON = 16_384;

/** The JSON type of a value, as the error message names it. */
export function typeOf(value: JsonValue): AttributeType | 'null' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as 'string' | 'boolean' | 'object';
}

function fits(expected: AttributeType, value: JsonValue): boolean {
  const actual = typeOf(value);
  return actual === 'null' || actual === expected || (expected === 'number' && actual === 'integer');
}

/** The declared type of `attribute` for `ciClass`, else the type of the value stored now. */
export function expectedType(
  ci: Pick<CiRecord, 'class' | 'attributes'>,
  attribute: string,
): AttributeType | null {
  const declared = KNOWN[ci.class]?.[attribute] ?? KNOWN['*']![attribute];
  if (declared) return declared;
  const current = ci.attributes[attribute]?.value;
  if (current === undefined || current === null) return null;
  const t = typeOf(current);
  // An integer stored today does not forbid 2.5 tomorrow.
  return t === 'integer' ? 'number' : (t as AttributeType);
}

/**
 * Checks a manual edit's attributes against the declared and stored types and the size limits;
 * throws VIGIL_ERR_CI_ATTRIBUTE_TYPE or VIGIL_ERR_CI_INVALID naming the first problem.
 */
export function checkManualAttributes(
  ci: { class: CiClass; attributes: CiRecord['attributes'] },
  attributes: Record<string, JsonValue>,
): void {
  const entries = Object.entries(attributes);
  if (entries.length > MAX_EDIT_ATTRIBUTES)
    throw new VigilError('VIGIL_ERR_CI_INVALID', {
      reason: `${entries.length} attributes in one edit; at most ${MAX_EDIT_ATTRIBUTES}`,
    });
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME.test(name))
      throw new VigilError('VIGIL_ERR_CI_INVALID', {
        reason: `attribute name ${JSON.stringify(name.slice(0, 64))} is not a letter followed by up to 127 letters, digits or _ . : -`,
      });
    if (JSON.stringify(value).length > MAX_VALUE_JSON)
      throw new VigilError('VIGIL_ERR_CI_INVALID', {
        reason: `attribute "${name}" is larger than ${MAX_VALUE_JSON} bytes of JSON`,
      });
    const expected = expectedType(ci, name);
    if (expected && !fits(expected, value))
      throw new VigilError('VIGIL_ERR_CI_ATTRIBUTE_TYPE', {
        attribute: name,
        ciClass: ci.class,
        expected:
          expected === 'integer' ? 'a whole number' : `a${/^[aeiou]/.test(expected) ? 'n' : ''} ${expected}`,
        got: typeOf(value),
      });
  }
}
