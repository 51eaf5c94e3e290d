import { isDeepStrictEqual } from 'node:util';
import type { IdAllocator } from '../incidents/id-allocator.js';
import type { CiObservation, ObservationBatch } from '../model/observation.js';
import type { CiHistoryEntry, CiRecord, CiRelation } from '../model/records.js';
import type { CmdbUnit, Store } from '../store/contract.js';
import { CONTAINED_CLASSES, contradicts, identifiersInOrder } from './identification.js';

/** The result of reconciling one observation batch, before it is committed. */
export interface ReconcileResult {
  unit: CmdbUnit;
  /** Observation ref -> CI id. */
  ids: Map<string, string>;
  created: number;
  updated: number;
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
 * Reconciles an observation batch against the CMDB: identifies each observed CI by its class's
 * identification rules, creates the unknown ones (`discovered`), updates the known ones
 * (`active`), records every attribute change with its source and time, and upserts the observed
 * relations. Returns the unit to commit; reads the store but writes nothing.
 */
export async function reconcile(
  store: Store,
  ids: IdAllocator,
  batch: ObservationBatch,
): Promise<ReconcileResult> {
  const { ordered, parentRef } = parentsFirst(batch);
  const refToId = new Map<string, string>();
  const cis: CiRecord[] = [];
  const history: CiHistoryEntry[] = [];
  let created = 0;
  let updated = 0;
  const at = batch.observedAt;

  for (const obs of ordered) {
    const parentObs = parentRef.get(obs.ref);
    const parentId = parentObs ? (refToId.get(parentObs) ?? null) : null;
    const scope = CONTAINED_CLASSES.has(obs.class) ? parentId : null;
    let existing: CiRecord | null = null;
    for (const [kind, value] of identifiersInOrder(obs.class, obs.identifiers)) {
      const found = await store.findCiByIdentifier(obs.class, kind, value, scope);
      // A match by a weak identifier (hostname) is another CI when the serials differ.
      if (found && !contradicts(found.identifiers, obs.identifiers)) {
        existing = found;
        break;
      }
    }
    existing ??=
      cis.find(
        (c) =>
          c.class === obs.class &&
          c.parentId === parentId &&
          c.name === obs.name &&
          !contradicts(c.identifiers, obs.identifiers),
      ) ?? null;

    if (!existing) {
      const [id] = await ids.take(1);
      const attributes: CiRecord['attributes'] = {};
      for (const [name, value] of Object.entries(obs.attributes)) {
        attributes[name] = { value, source: batch.source, at };
        history.push({
          ciId: id!,
          attribute: name,
          oldValue: undefined,
          newValue: value,
          source: batch.source,
          at,
        });
      }
      cis.push({
        id: id!,
        class: obs.class,
        name: obs.name,
        state: 'discovered',
        parentId: scope,
        identifiers: { ...obs.identifiers },
        attributes,
        sources: [batch.source],
        firstSeen: at,
        lastSeen: at,
        version: 0,
      });
      refToId.set(obs.ref, id!);
      created++;
      continue;
    }

    const next: CiRecord = {
      ...existing,
      name: obs.name,
      state: 'active',
      identifiers: { ...existing.identifiers, ...obs.identifiers },
      attributes: { ...existing.attributes },
      sources: existing.sources.includes(batch.source)
        ? existing.sources
        : [...existing.sources, batch.source],
      lastSeen: Math.max(existing.lastSeen, at),
    };
    for (const [name, value] of Object.entries(obs.attributes)) {
      const old = existing.attributes[name];
      if (old && isDeepStrictEqual(old.value, value)) continue;
      next.attributes[name] = { value, source: batch.source, at };
      history.push({
        ciId: existing.id,
        attribute: name,
        oldValue: old?.value,
        newValue: value,
        source: batch.source,
        at,
      });
    }
    const index = cis.findIndex((c) => c.id === existing.id);
    if (index >= 0) cis[index] = next;
    else cis.push(next);
    refToId.set(obs.ref, existing.id);
    updated++;
  }

  const relations: CiRelation[] = batch.relations.flatMap((r) => {
    const fromId = refToId.get(r.from);
    const toId = refToId.get(r.to);
    return fromId && toId
      ? [
          {
            fromId,
            toId,
            type: r.type,
            source: r.source ?? batch.source,
            confidence:
              r.confidence !== undefined && Number.isFinite(r.confidence)
                ? Math.min(1, Math.max(0, r.confidence))
                : 1,
            since: at,
          },
        ]
      : [];
  });
  return { unit: { cis, relations, history }, ids: refToId, created, updated };
}
