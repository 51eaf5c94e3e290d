import type { IdAllocator } from '../incidents/id-allocator.js';
import type { CiObservation, ObservationBatch } from '../model/observation.js';
import type { CiHistoryEntry, CiRecord, CiRelation } from '../model/records.js';
import type { CmdbUnit, Store } from '../store/contract.js';
import { CONTAINED_CLASSES, contradicts, identifiersInOrder } from './identification.js';
import { mergeAttributes, mergeName, NAME_KEY } from './merge-attributes.js';
import { normaliseIdentifiers } from './normalise-identifiers.js';
import { DEFAULT_PRECEDENCE, type PrecedencePolicy } from './precedence.js';

/** The result of reconciling one observation batch, before it is committed. */
export interface ReconcileResult {
  unit: CmdbUnit;
  /** Observation ref -> CI id. */
  ids: Map<string, string>;
  created: number;
  updated: number;
  /** When each stored CI the batch updates was last seen before it (change-window start). */
  previousSeen: Map<string, number>;
}

/** A relation's confidence in 0..1; 1 when absent or not a finite number. */
function clampConfidence(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}

/** Orders observations so that a parent comes before what it contains. */
function parentsFirst(batch: ObservationBatch): { ordered: CiObservation[]; parentRef: Map<string, string> } {
  const parentRef = new Map<string, string>();
  for (const r of batch.relations) if (r.type === 'contains') parentRef.set(r.to, r.from);
  const depth = (ref: string, seen = new Set<string>()): number => {
    const parent = parentRef.get(ref);
    if (!parent || seen.has(ref)) return 0;
    seen.add(ref);
    return 1 + depth(parent, seen);
  };
  const ordered = [...batch.cis].sort((a, b) => depth(a.ref) - depth(b.ref));
  return { ordered, parentRef };
}

/**
 * The CIs created or changed so far in one batch, indexed by class, scope and identifier so an
 * observation finds them without scanning (batches of a discovery sweep hold thousands).
 */
class Pending {
  readonly list: CiRecord[] = [];
  readonly #byId = new Map<string, number>();
  readonly #byIdentifier = new Map<string, string>();

  static key(ciClass: string, scope: string | null, kind: string, value: string): string {
    return `${ciClass}\u0000${scope ?? ''}\u0000${kind}\u0000${value}`;
  }

  get(id: string): CiRecord | undefined {
    const i = this.#byId.get(id);
    return i === undefined ? undefined : this.list[i];
  }

  byIdentifier(ciClass: string, scope: string | null, kind: string, value: string): CiRecord | undefined {
    const id = this.#byIdentifier.get(Pending.key(ciClass, scope, kind, value));
    return id === undefined ? undefined : this.get(id);
  }

  /** Adds or replaces a CI; returns whether it was new to the batch. */
  put(ci: CiRecord): boolean {
    const i = this.#byId.get(ci.id);
    if (i === undefined) {
      this.#byId.set(ci.id, this.list.length);
      this.list.push(ci);
    } else this.list[i] = ci;
    for (const [kind, value] of Object.entries(ci.identifiers))
      this.#byIdentifier.set(Pending.key(ci.class, ci.parentId, kind, value), ci.id);
    return i === undefined;
  }
}

/** Finds the known CI an observation describes, by its class's identifiers strongest first. */
async function identify(
  store: Store,
  pending: Pending,
  obs: CiObservation,
  identifiers: Record<string, string>,
  parentId: string | null,
  scope: string | null,
): Promise<CiRecord | null> {
  for (const [kind, value] of identifiersInOrder(obs.class, identifiers)) {
    // A CI created or changed earlier in this batch is newer than its stored copy.
    const local = pending.byIdentifier(obs.class, scope, kind, value);
    const found = local ?? (await store.findCiByIdentifier(obs.class, kind, value, scope));
    // A match by a weak identifier (hostname, MAC set) is another CI when the serials differ.
    if (found && !contradicts(obs.class, found.identifiers, identifiers, kind))
      return pending.get(found.id) ?? found;
  }
  return (
    pending.list.find(
      (c) =>
        c.class === obs.class &&
        c.parentId === parentId &&
        c.name === obs.name &&
        !contradicts(obs.class, c.identifiers, identifiers),
    ) ?? null
  );
}

/**
 * Reconciles an observation batch against the CMDB: identifies each observed CI by its class's
 * identification rules (on normalised identifiers), creates the unknown ones (`discovered`),
 * updates the known ones (`active`) with source precedence per attribute, records every attribute
 * change with its source and time, and upserts the observed relations. Returns the unit to
 * commit; reads the store but writes nothing.
 */
export async function reconcile(
  store: Store,
  ids: IdAllocator,
  batch: ObservationBatch,
  precedence: PrecedencePolicy = DEFAULT_PRECEDENCE,
): Promise<ReconcileResult> {
  const { ordered, parentRef } = parentsFirst(batch);
  const refToId = new Map<string, string>();
  const pending = new Pending();
  const previousSeen = new Map<string, number>();
  const history: CiHistoryEntry[] = [];
  let created = 0;
  let updated = 0;
  const at = batch.observedAt;

  for (const obs of ordered) {
    const parentObs = parentRef.get(obs.ref);
    const parentId = parentObs ? (refToId.get(parentObs) ?? null) : null;
    const scope = CONTAINED_CLASSES.has(obs.class) ? parentId : null;
    const identifiers = normaliseIdentifiers(obs.class, obs.identifiers);
    const existing = await identify(store, pending, obs, identifiers, parentId, scope);

    if (!existing) {
      const [id] = await ids.take(1);
      const ci: CiRecord = {
        id: id!,
        class: obs.class,
        name: obs.name,
        state: 'discovered',
        parentId: scope,
        identifiers,
        attributes: {},
        sources: [batch.source],
        firstSeen: at,
        lastSeen: at,
        observed: { [NAME_KEY]: { [batch.source]: { value: obs.name, at } } },
        version: 0,
      };
      mergeAttributes(ci, batch.source, obs.attributes, at, precedence, history);
      pending.put(ci);
      refToId.set(obs.ref, ci.id);
      created++;
      continue;
    }

    const next: CiRecord = {
      ...existing,
      state: existing.version === 0 ? existing.state : 'active',
      identifiers: { ...existing.identifiers, ...identifiers },
      sources: existing.sources.includes(batch.source)
        ? existing.sources
        : [...existing.sources, batch.source],
      lastSeen: Math.max(existing.lastSeen, at),
    };
    mergeName(next, batch.source, obs.name, at, precedence);
    mergeAttributes(next, batch.source, obs.attributes, at, precedence, history);
    if (existing.version > 0 && !previousSeen.has(existing.id))
      previousSeen.set(existing.id, existing.lastSeen);
    if (pending.put(next)) updated++;
    refToId.set(obs.ref, existing.id);
  }

  const relations: CiRelation[] = batch.relations.flatMap((r) => {
    const fromId = refToId.get(r.from);
    const toId = refToId.get(r.to);
    return fromId && toId && fromId !== toId
      ? [
          {
            fromId,
            toId,
            type: r.type,
            source: r.source ?? batch.source,
            confidence: clampConfidence(r.confidence),
            since: at,
          },
        ]
      : [];
  });
  return { unit: { cis: pending.list, relations, history }, ids: refToId, created, updated, previousSeen };
}
