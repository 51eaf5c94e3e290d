import { inOrder } from './fingerprint.js';

/** The fields of an alert or event whose change makes a repeat more than a refresh. */
export interface SignedContent {
  severity: string;
  summary: string;
  source: string;
  resource: string;
  check: string;
  labels: Readonly<Record<string, string>>;
}

/**
 * A 53-bit hash of everything a refresh must leave unchanged: severity, summary, identity and every
 * label (names in sorted order, so label order does not matter). The embedded store keeps it for
 * each firing alert (`FiringSummary`), so the refresh path can tell a pure repeat from a change
 * without reading the alert's document; it compares equal exactly when the content does, but for
 * a hash collision (about 1 in 9 * 10^15 per changed event), whose cost is that the change is taken
 * as a repeat. Not a security boundary: the sender already owns the alert it could disguise.
 * cyrb53 (public domain) over the fields, each preceded by its length so no two field lists
 * feed it the same sequence.
 */
export function contentSignature(content: SignedContent): number {
  const state = { h1: 0xdeadbeef, h2: 0x41c6ce57 };
  mix(state, content.severity);
  mix(state, content.summary);
  mix(state, content.source);
  mix(state, content.resource);
  mix(state, content.check);
  const labels = content.labels;
  const names = Object.keys(labels);
  if (!inOrder(names)) names.sort();
  for (const name of names) {
    mix(state, name);
    mix(state, labels[name] ?? '');
  }
  let { h1, h2 } = state;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Feeds one field's length, then its UTF-16 code units, into the hash. */
function mix(state: { h1: number; h2: number }, text: string): void {
  let h1 = Math.imul(state.h1 ^ (text.length | 0x10000), 2654435761);
  let h2 = Math.imul(state.h2 ^ (text.length | 0x10000), 1597334677);
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  state.h1 = h1;
  state.h2 = h2;
}
