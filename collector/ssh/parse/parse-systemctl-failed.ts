const UNIT = /^[A-Za-z0-9:_.@\\-]{1,256}$/;
const MAX_UNITS = 1000;

/**
 * Names of failed units from `systemctl list-units --failed`, either `--output=json` (systemd
 * 246+) or the plain `--no-legend --plain` listing older systemd prints instead (RHEL 8 has
 * 239). Accepts the `●` bullet some versions print even with --plain. `undefined` when the text
 * is neither or the script printed `@unavailable` (no systemctl, or systemd not running): that
 * means "unknown", not "no failures". Empty output means no failed units.
 */
export function parseSystemctlFailed(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed)) return undefined;
    return parsed
      .map((u) => (typeof u === 'object' && u !== null ? (u as Record<string, unknown>)['unit'] : undefined))
      .filter((u): u is string => typeof u === 'string' && UNIT.test(u))
      .slice(0, MAX_UNITS);
  }
  if (trimmed === '') return [];
  if (trimmed.includes('@unavailable')) return undefined;
  const units: string[] = [];
  for (const line of trimmed.split('\n')) {
    const fields = line
      .replace(/^\s*[●*x×]\s*/, '')
      .trim()
      .split(/\s+/);
    const [unit, load, active] = fields;
    if (!unit || !UNIT.test(unit) || !load || !active) continue;
    if (!/^(loaded|not-found|bad-setting|error|masked)$/.test(load)) continue;
    if (!/^(failed|active|inactive|activating|deactivating|reloading|maintenance|refreshing)$/.test(active))
      continue;
    if (units.length < MAX_UNITS) units.push(unit);
  }
  return units;
}
