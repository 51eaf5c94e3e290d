import { formatKey, valueAt } from './config-path.js';
import { parseTemplate } from './secret-refs.js';
import type { ResolvedConfig } from './types.js';

/** A config that is safe to print: the same shape, with secret strings replaced by markers. */
export type RedactedConfig = ResolvedConfig;

/** Marker printed for a secret written literally in the config file. */
export const INLINE_SECRET = '<secret inline>';

/**
 * Returns a copy of a config that can be logged or printed (`vigil config check --json`): a value
 * that came from a reference shows where it came from (`<secret from env:NAME>`, embedded
 * references replaced in place), tokens written literally show `<secret inline>`, and a password
 * in a Redis URL shows `<secret inline>` too. No secret value survives.
 */
export function redactSecrets(config: ResolvedConfig): RedactedConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  const redacted = new Set<string>();
  for (const origin of config.source.secrets) {
    const [last] = origin.path.slice(-1);
    const parent = valueAt(copy, origin.path.slice(0, -1));
    if (last === undefined || parent === null || typeof parent !== 'object') continue;
    const holder = parent as Record<string | number, unknown>;
    if (typeof holder[last] !== 'string') continue;
    holder[last] = markReferences(origin.template);
    redacted.add(origin.key);
  }
  const redactedConfig = copy as unknown as {
    server: { tokens: { token: string }[] };
    store: { url?: string };
    automation?: { webhooks: { headers: Record<string, string> }[] };
    agent: { token: string | null };
    notify?: { receivers: { headers: Record<string, string>; routingKey?: string }[] };
  };
  for (const [index, receiver] of (redactedConfig.notify?.receivers ?? []).entries()) {
    for (const name of Object.keys(receiver.headers)) {
      if (!redacted.has(formatKey(['notify', 'receivers', index, 'headers', name])))
        receiver.headers[name] = INLINE_SECRET;
    }
    if (
      receiver.routingKey !== undefined &&
      !redacted.has(formatKey(['notify', 'receivers', index, 'routingKey']))
    )
      receiver.routingKey = INLINE_SECRET;
  }
  for (const [index, webhook] of (redactedConfig.automation?.webhooks ?? []).entries()) {
    for (const name of Object.keys(webhook.headers)) {
      if (!redacted.has(formatKey(['automation', 'webhooks', index, 'headers', name])))
        webhook.headers[name] = INLINE_SECRET;
    }
  }
  for (const [index, token] of redactedConfig.server.tokens.entries()) {
    if (!redacted.has(formatKey(['server', 'tokens', index, 'token']))) token.token = INLINE_SECRET;
  }
  if (redactedConfig.agent.token !== null && !redacted.has('agent.token'))
    redactedConfig.agent.token = INLINE_SECRET;
  const { store } = redactedConfig;
  if (store.url !== undefined && !redacted.has('store.url')) store.url = maskUrlPassword(store.url);
  return copy as unknown as RedactedConfig;
}

/** Dotted keys of every secret-bearing value in this config, for log redaction and audits. */
export function secretKeys(config: ResolvedConfig): string[] {
  const keys = new Set(config.source.secrets.map((origin) => origin.key));
  for (const index of config.server.tokens.keys()) keys.add(formatKey(['server', 'tokens', index, 'token']));
  if (config.store.kind === 'redis') keys.add('store.url');
  for (const [index, webhook] of config.automation.webhooks.entries())
    for (const name of Object.keys(webhook.headers))
      keys.add(formatKey(['automation', 'webhooks', index, 'headers', name]));
  if (config.agent.token !== null) keys.add('agent.token');
  for (const [index, receiver] of config.notify.receivers.entries()) {
    for (const name of Object.keys(receiver.headers))
      keys.add(formatKey(['notify', 'receivers', index, 'headers', name]));
    if (receiver.routingKey !== undefined) keys.add(formatKey(['notify', 'receivers', index, 'routingKey']));
  }
  for (const [index, credential] of (config.ssh?.credentials ?? []).entries()) {
    for (const key of ['privateKey', 'passphrase', 'password'] as const)
      if (credential[key] !== undefined) keys.add(formatKey(['ssh', 'credentials', index, key]));
  }
  return [...keys];
}

function markReferences(template: string): string {
  const parsed = parseTemplate(template);
  if ('problem' in parsed) return INLINE_SECRET;
  return parsed.parts
    .map((part) => (part.kind === 'text' ? part.text : `<secret from ${part.ref}>`))
    .join('');
}

function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = 'SECRET';
    return parsed.toString().replace(':SECRET@', `:${INLINE_SECRET}@`);
  } catch {
    return INLINE_SECRET;
  }
}
