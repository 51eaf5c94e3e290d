import { isIP } from 'node:net';
import { type DiscoverySchedule, scheduleProblem } from '../collector/discovery/discovery-schedule.js';
import { expandTargets } from '../collector/discovery/targets.js';
import { credentialProblem, type SnmpCredential } from '../collector/snmp/credential.js';
import { type ConfigPath, valueAt } from './config-path.js';
import { parseDuration } from './duration.js';

const HOSTNAME =
  /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

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
    targets.forEach((t: { credential?: unknown; host?: unknown }, i) => {
      if (typeof t?.host === 'string' && isIP(t.host) === 0 && !HOSTNAME.test(t.host))
        problems.push({
          path: ['snmp', 'targets', i, 'host'],
          reason:
            'must be an IPv4 or IPv6 address or a host name; write IPv6 without brackets (fd00::1) and the port in port',
        });
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
  problems.push(...discoveryProblems(valueAt(snmp, ['discovery']), names));
  return problems;
}

type RawDiscovery = {
  name?: unknown;
  range?: unknown;
  credentials?: unknown;
  every?: unknown;
  cron?: unknown;
  timezone?: unknown;
};

/** The specs of a `snmp.discovery[].range` text: separated by commas and/or whitespace. */
export function rangeSpecs(range: string): string[] {
  return range.split(/[\s,]+/).filter((x) => x !== '');
}

/** The schedule a schema-valid `snmp.discovery[]` entry describes (exactly one of every/cron). */
export function discoverySchedule(d: { every?: string; cron?: string; timezone: string }): DiscoverySchedule {
  return d.cron !== undefined
    ? { kind: 'cron', cron: d.cron, timezone: d.timezone }
    : { kind: 'every', everyMs: parseDuration(d.every ?? '0s') };
}

function discoveryProblems(discovery: unknown, credentialNames: ReadonlySet<string>): Problem[] {
  if (!Array.isArray(discovery)) return [];
  const problems: Problem[] = [];
  const jobNames = new Set<string>();
  discovery.forEach((d: RawDiscovery, i) => {
    if (typeof d !== 'object' || d === null) return;
    const path: ConfigPath = ['snmp', 'discovery', i];
    const jobName = typeof d.name === 'string' ? d.name : `discovery-${i + 1}`;
    if (jobNames.has(jobName)) problems.push({ path, reason: `the sweep name ${jobName} is already used` });
    jobNames.add(jobName);
    if (typeof d.range === 'string') {
      const specs = rangeSpecs(d.range);
      try {
        if (specs.length === 0) throw new Error('it names no address or range');
        expandTargets(specs);
      } catch (error) {
        problems.push({ path: [...path, 'range'], reason: (error as Error).message });
      }
    }
    if (Array.isArray(d.credentials)) {
      d.credentials.forEach((n: unknown, j) => {
        if (typeof n === 'string' && !credentialNames.has(n))
          problems.push({ path: [...path, 'credentials', j], reason: `no credential set is named ${n}` });
      });
    }
    if ((d.every === undefined) === (d.cron === undefined)) {
      problems.push({
        path,
        reason: 'give either every (a period such as 6h) or cron (such as "0 2 * * *")',
      });
      return;
    }
    if (d.every !== undefined) {
      let everyMs: number;
      try {
        everyMs = parseDuration(String(d.every));
      } catch {
        problems.push({ path: [...path, 'every'], reason: 'must be a duration such as 30m, 6h or 1d' });
        return;
      }
      const problem = scheduleProblem({ kind: 'every', everyMs });
      if (problem) problems.push({ path: [...path, 'every'], reason: problem });
      return;
    }
    if (typeof d.cron !== 'string' || typeof d.timezone !== 'string') return;
    const problem = scheduleProblem({ kind: 'cron', cron: d.cron, timezone: d.timezone });
    if (problem) problems.push({ path: [...path, 'cron'], reason: problem });
  });
  return problems;
}
