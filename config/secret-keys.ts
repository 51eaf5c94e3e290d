import type { ConfigPath } from './config-path.js';

/**
 * Keys whose values are secrets even when written literally, in pino's `redact.paths` syntax, so
 * the logger can be given the same list that `redactSecrets` and error messages use.
 */
export const SECRET_KEY_PATTERNS = [
  'server.tokens[*].token',
  'store.url',
  'automation.webhooks[*].headers.*',
  'snmp.credentials[*].community',
  'snmp.credentials[*].authKey',
  'snmp.credentials[*].privKey',
  'agent.token',
  'ssh.credentials[*].privateKey',
  'ssh.credentials[*].passphrase',
  'ssh.credentials[*].password',
  'notify.receivers[*].headers.*',
  'notify.receivers[*].routingKey',
] as const;

/** Keys of an SNMP credential set whose values are secrets. */
const SNMP_SECRET_KEYS: ReadonlySet<unknown> = new Set(['community', 'authKey', 'privKey']);

/** Whether the value at `path` is secret by its key (a token, a URL that may carry a password). */
export function isSecretKey(path: ConfigPath): boolean {
  const [a, b, c, d] = path;
  if (a === 'server' && b === 'tokens' && typeof c === 'number' && d === 'token') return path.length === 4;
  if (a === 'automation' && b === 'webhooks' && typeof c === 'number' && d === 'headers')
    return path.length === 5;
  if (a === 'snmp' && b === 'credentials' && typeof c === 'number' && SNMP_SECRET_KEYS.has(d))
    return path.length === 4;
  if (a === 'agent' && b === 'token') return path.length === 2;
  if (a === 'notify' && b === 'receivers' && typeof c === 'number')
    return (d === 'headers' && path.length === 5) || (d === 'routingKey' && path.length === 4);
  if (a === 'ssh' && b === 'credentials' && typeof c === 'number')
    return path.length === 4 && (d === 'privateKey' || d === 'passphrase' || d === 'password');
  return a === 'store' && b === 'url' && path.length === 2;
}
