/** The fields of /etc/os-release vigil keeps. */
export interface OsRelease {
  id?: string;
  idLike?: string;
  name?: string;
  prettyName?: string;
  versionId?: string;
  versionCodename?: string;
}

const MAX_VALUE = 256;

/**
 * Parses os-release(5): `KEY=value` lines, values optionally in single or double quotes with
 * shell escapes (`\"`, `\\`, `\$`, `` \` ``). Comments, blank and malformed lines are skipped;
 * values are bounded and stripped of control characters.
 */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match || values.has(match[1]!)) continue;
    const value = unquote(match[2]!.trim());
    if (value !== undefined && value !== '') values.set(match[1]!, value);
  }
  const get = (key: string) => values.get(key);
  const result: OsRelease = {
    id: get('ID')?.toLowerCase(),
    idLike: get('ID_LIKE'),
    name: get('NAME'),
    prettyName: get('PRETTY_NAME'),
    versionId: get('VERSION_ID'),
    versionCodename: get('VERSION_CODENAME'),
  };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as OsRelease;
}

function unquote(raw: string): string | undefined {
  let value = raw;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    value = value.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
  else if (/["'`$\\\s]/.test(value)) return undefined;
  return value.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, MAX_VALUE);
}
