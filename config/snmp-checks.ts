import { credentialProblem, type SnmpCredential } from '../collector/snmp/credential.js';
import { type ConfigPath, valueAt } from './config-path.js';

type Problem = { readonly path: ConfigPath; readonly reason: string };
type RawCredential = {
  name: string;
  version: '1' | '2c' | '3';
  community?: string;
  user?: string;
  authProtocol?: string;
  authKey?: string;
  privProtocol?: string;
  privKey?: string;
};

/** A schema-valid `snmp.credentials[]` entry as the collector's credential type. */
export function toCredential(c: RawCredential): SnmpCredential {
  if (c.version !== '3') return { name: c.name, version: c.version, community: c.community ?? '' };
  const out: SnmpCredential = { name: c.name, version: '3', user: c.user ?? '' };
  if (c.authProtocol) out.authProtocol = c.authProtocol as never;
  if (c.authKey !== undefined) out.authKey = c.authKey;
  if (c.privProtocol) out.privProtocol = c.privProtocol as never;
  if (c.privKey !== undefined) out.privKey = c.privKey;
  return out;
}

/**
 * Cross-field rules of the `snmp` section: each credential set has what its version needs (a
 * community for v1/v2c, a user for v3, keys of at least 8 characters, no privKey without authKey,
 * no community on v3), names are unique, and targets and the trap listener name existing sets.
 */
export function snmpProblems(snmp: unknown, unresolvedKeys: ReadonlySet<string>): Problem[] {
  if (typeof snmp !== 'object' || snmp === null) return [];
  const problems: Problem[] = [];
  const credentials = valueAt(snmp, ['credentials']);
  const names = new Set<string>();
  if (Array.isArray(credentials)) {
    credentials.forEach((c: RawCredential, i) => {
      const path: ConfigPath = ['snmp', 'credentials', i];
      if (typeof c !== 'object' || c === null || typeof c.name !== 'string') return;
      if (names.has(c.name))
        problems.push({ path: [...path, 'name'], reason: `the name ${c.name} is already used` });
      names.add(c.name);
      if (c.version === '3' && c.community !== undefined)
        problems.push({
          path: [...path, 'community'],
          reason: 'a v3 credential set has a user, not a community',
        });
      if (c.version !== '3' && c.community === undefined)
        problems.push({ path, reason: `a v${c.version} credential set needs a community` });
      if (c.version === '3' && c.user === undefined)
        problems.push({ path, reason: 'a v3 credential set needs a user' });
      const secretUnknown = ['community', 'authKey', 'privKey'].some((k) =>
        unresolvedKeys.has(`snmp.credentials[${i}].${k}`),
      );
      if (secretUnknown || problems.some((p) => p.path[2] === i)) return;
      const problem = credentialProblem(toCredential(c));
      if (problem) problems.push({ path, reason: problem });
    });
  }
  const targets = valueAt(snmp, ['targets']);
  if (Array.isArray(targets)) {
    targets.forEach((t: { credential?: unknown }, i) => {
      if (typeof t?.credential === 'string' && !names.has(t.credential))
        problems.push({
          path: ['snmp', 'targets', i, 'credential'],
          reason: `no credential set is named ${t.credential}`,
        });
    });
  }
  const trapCredentials = valueAt(snmp, ['traps', 'credentials']);
  if (Array.isArray(trapCredentials)) {
    trapCredentials.forEach((n: unknown, i) => {
      if (typeof n === 'string' && !names.has(n))
        problems.push({
          path: ['snmp', 'traps', 'credentials', i],
          reason: `no credential set is named ${n}`,
        });
    });
  }
  return problems;
}
