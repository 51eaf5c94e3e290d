import { createHash } from 'node:crypto';

/**
 * Labels that describe an occurrence rather than identify the alert; they never change the
 * fingerprint, so a threshold event carrying its current value still deduplicates.
 */
export const NON_IDENTIFYING_LABELS: ReadonlySet<string> = new Set([
  'value',
  'threshold',
  'severity',
  'summary',
]);

/** The fields an event's identity is derived from. */
export interface FingerprintInput {
  source: string;
  resource: string;
  check: string;
  labels?: Record<string, string>;
  dedupKey?: string;
}

/**
 * A stable identity for an alert: 16 hex chars of SHA-256 over source, resource, check and the
 * identifying labels in sorted order, or over `dedupKey` when the sender supplies one. Stable across
 * processes, versions and label order, so retries, replays and several replicas agree.
 * @example fingerprint({ source: 'snmp', resource: 'sw1', check: 'if.down', labels: { ifName: 'Gi1' } })
 */
export function fingerprint(input: FingerprintInput): string {
  const hash = createHash('sha256');
  if (input.dedupKey !== undefined && input.dedupKey !== '') {
    hash.update('dedup\u0000').update(input.dedupKey);
  } else {
    hash.update('event\u0000').update(input.source).update('\u0000').update(input.resource);
    hash.update('\u0000').update(input.check);
    const labels = input.labels ?? {};
    for (const name of Object.keys(labels).sort()) {
      if (NON_IDENTIFYING_LABELS.has(name) || name.startsWith('_')) continue;
      hash
        .update('\u0001')
        .update(name)
        .update('\u0000')
        .update(labels[name] ?? '');
    }
  }
  return hash.digest('hex').slice(0, 16);
}
