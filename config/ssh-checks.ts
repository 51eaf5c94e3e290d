import type { ConfigPath } from './config-path.js';

type Problem = { readonly path: ConfigPath; readonly reason: string };
type Named = { name?: unknown };

function names(list: unknown): Map<string, number> {
  const found = new Map<string, number>();
  if (!Array.isArray(list)) return found;
  list.forEach((entry, index) => {
    const name = (entry as Named | null)?.name;
    if (typeof name === 'string' && !found.has(name)) found.set(name, index);
  });
  return found;
}

function duplicates(list: unknown, section: string): Problem[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  list.forEach((entry, index) => {
    const name = (entry as Named | null)?.name;
    if (typeof name !== 'string') return;
    if (seen.has(name))
      problems.push({ path: ['ssh', section, index, 'name'], reason: `duplicate name "${name}"` });
    seen.add(name);
  });
  return problems;
}

/**
 * Cross-references of the `ssh` section a per-value schema cannot check: unique names, targets
 * and jump hosts naming existing credentials, jump hosts and checks, credentials naming at least
 * one login method, and checks with exactly one of `above` / `below`.
 */
export function sshProblems(ssh: unknown): Problem[] {
  if (ssh === null || typeof ssh !== 'object') return [];
  const s = ssh as Record<string, unknown>;
  const credentials = names(s['credentials']);
  const jumps = names(s['jumpHosts']);
  const checks = names(s['checks']);
  const problems: Problem[] = [
    ...duplicates(s['credentials'], 'credentials'),
    ...duplicates(s['jumpHosts'], 'jumpHosts'),
    ...duplicates(s['checks'], 'checks'),
  ];
  const list = (key: string) => (Array.isArray(s[key]) ? (s[key] as Record<string, unknown>[]) : []);
  list('credentials').forEach((c, index) => {
    if (c && c['privateKey'] === undefined && c['password'] === undefined && c['agent'] === undefined)
      problems.push({
        path: ['ssh', 'credentials', index],
        reason: 'names no login method; set privateKey, password or agent',
      });
  });
  const refersTo = (
    section: string,
    index: number,
    key: string,
    known: Map<string, number>,
    what: string,
  ) => {
    const value = list(section)[index]?.[key];
    if (typeof value === 'string' && !known.has(value))
      problems.push({ path: ['ssh', section, index, key], reason: `no ${what} is named "${value}"` });
  };
  list('jumpHosts').forEach((_, i) => {
    refersTo('jumpHosts', i, 'credential', credentials, 'ssh.credentials entry');
  });
  list('targets').forEach((target, i) => {
    refersTo('targets', i, 'credential', credentials, 'ssh.credentials entry');
    refersTo('targets', i, 'jump', jumps, 'ssh.jumpHosts entry');
    const wanted = target?.['checks'];
    if (Array.isArray(wanted))
      wanted.forEach((name, j) => {
        if (typeof name === 'string' && !checks.has(name))
          problems.push({
            path: ['ssh', 'targets', i, 'checks', j],
            reason: `no ssh.checks entry is named "${name}"`,
          });
      });
  });
  list('checks').forEach((check, i) => {
    if (check && (check['above'] === undefined) === (check['below'] === undefined))
      problems.push({ path: ['ssh', 'checks', i], reason: 'set exactly one of above or below' });
  });
  return problems;
}
