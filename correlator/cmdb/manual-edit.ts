import { VigilError } from '../errors/vigil-error.js';
import type { CiClass, CiState } from '../model/itil.js';
import type { JsonValue } from '../model/observation.js';
import type { CiHistoryEntry, CiRecord } from '../model/records.js';
import { StoreConflictError } from '../store/contract.js';
import { checkManualAttributes } from './attribute-types.js';
import type { Cmdb } from './cmdb.js';
import { CONTAINED_CLASSES } from './identification.js';
import { mergeAttributes, mergeName } from './merge-attributes.js';

/** The source of manual edits; ranks first in the default precedence. */
export const MANUAL_SOURCE = 'api';

const IDENTIFIER_KIND = /^[A-Za-z][A-Za-z0-9_+.:-]{0,63}$/;

/** A manual CI as an admin creates it. */
export interface ManualCiInput {
  class: CiClass;
  name: string;
  identifiers?: Record<string, string>;
  attributes?: Record<string, JsonValue>;
}

/** A manual change of one CI: any of name, attributes (null clears a value) and lifecycle state. */
export interface ManualCiPatch {
  name?: string;
  attributes?: Record<string, JsonValue>;
  state?: CiState;
}

function conflictToApi(error: unknown): never {
  if (error instanceof StoreConflictError) throw new VigilError('VIGIL_ERR_CONFLICT', { what: error.what });
  throw error;
}

/**
 * Creates a CI by hand (or, when its identifiers match a known CI, updates that one): the edit is
 * an observation from source `api`, so identification and precedence treat it like any other.
 */
export async function createManualCi(
  cmdb: Cmdb,
  input: ManualCiInput,
): Promise<{ ci: CiRecord; created: boolean }> {
  if (CONTAINED_CLASSES.has(input.class))
    throw new VigilError('VIGIL_ERR_CI_INVALID', {
      reason: `a ${input.class} exists only inside its parent; discovery creates it with the parent`,
    });
  for (const kind of Object.keys(input.identifiers ?? {}))
    if (!IDENTIFIER_KIND.test(kind))
      throw new VigilError('VIGIL_ERR_CI_INVALID', {
        reason: `identifier kind ${JSON.stringify(kind.slice(0, 64))} is not a letter followed by up to 63 letters, digits or _ + . : -`,
      });
  const attributes = input.attributes ?? {};
  checkManualAttributes({ class: input.class, attributes: {} }, attributes);
  const result = await cmdb
    .observe({
      source: MANUAL_SOURCE,
      observedAt: cmdb.clock.now(),
      cis: [
        { ref: 'ci', class: input.class, name: input.name, identifiers: input.identifiers ?? {}, attributes },
      ],
      relations: [],
    })
    .catch(conflictToApi);
  const ci = result.unit.cis.find((c) => c.id === result.ids.get('ci'))!;
  return { ci: { ...ci, version: ci.version + 1 }, created: result.created === 1 };
}

/**
 * Applies an admin's change to a CI: the name and attributes as reports of source `api` (typed
 * against declared and stored types, nothing stored on a mismatch), and a lifecycle state set by
 * hand (retiring a CI, or bringing one back). Every change lands in the CI's history.
 */
export async function updateManualCi(cmdb: Cmdb, id: string, patch: ManualCiPatch): Promise<CiRecord> {
  const { ci } = await cmdb
    .apply(async () => {
      const stored = await cmdb.store.getCi(id);
      if (!stored) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'CI', id });
      checkManualAttributes(stored, patch.attributes ?? {});
      const at = cmdb.clock.now();
      const history: CiHistoryEntry[] = [];
      const next: CiRecord = {
        ...stored,
        sources: stored.sources.includes(MANUAL_SOURCE) ? stored.sources : [...stored.sources, MANUAL_SOURCE],
      };
      if (patch.name !== undefined) mergeName(next, MANUAL_SOURCE, patch.name, at, cmdb.precedence);
      mergeAttributes(next, MANUAL_SOURCE, patch.attributes ?? {}, at, cmdb.precedence, history);
      if (patch.state !== undefined && patch.state !== stored.state) {
        history.push({
          ciId: id,
          attribute: '@state',
          oldValue: stored.state,
          newValue: patch.state,
          source: MANUAL_SOURCE,
          at,
        });
        next.state = patch.state;
      }
      return { unit: { cis: [next], relations: [], history }, ci: next };
    })
    .catch(conflictToApi);
  return { ...ci, version: ci.version + 1 };
}
