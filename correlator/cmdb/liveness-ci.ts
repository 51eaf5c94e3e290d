import type { CiRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import type { LivenessSubject } from './liveness.js';

/**
 * The CI a liveness subject is about: by its identifier when the collector gave one (an SNMP
 * target's management address), else (or when that finds none) by name and class. `cache` spares repeated lookups within
 * one round (keyed like the subject).
 */
export async function livenessCi(
  store: Pick<Store, 'findCiByIdentifier' | 'findCisByName'>,
  subject: LivenessSubject,
  cache: Map<string, CiRecord | null>,
): Promise<CiRecord | null> {
  // By what finds the CI (identifier, else name): a keyed subject may have changed its name.
  const key = `${subject.ciClass}\u0000${subject.identifier ? `${subject.identifier.kind}=${subject.identifier.value}` : `name=${subject.name}`}`;
  if (cache.has(key)) return cache.get(key)!;
  const byIdentifier = subject.identifier
    ? await store.findCiByIdentifier(subject.ciClass, subject.identifier.kind, subject.identifier.value, null)
    : null;
  const ci =
    byIdentifier ??
    (await store.findCisByName(subject.name)).find((c) => c.class === subject.ciClass) ??
    null;
  cache.set(key, ci);
  return ci;
}
