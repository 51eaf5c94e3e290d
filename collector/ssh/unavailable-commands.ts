import { parseDf } from './parse/parse-df.js';

/** The commands the `missing-commands` section may name. */
const KNOWN = new Set(['lsblk', 'ip', 'hostname', 'systemctl', 'timeout']);

/**
 * Which of the commands vigil prefers a host lacks, so the CI says why some facts are coarse:
 * whole commands (`lsblk`, `ip`, `systemctl`, `timeout`, `hostname`) and missing options of
 * present ones (`ip -j` on iproute2 before 4.14 or BusyBox, `lsblk -J` before util-linux 2.27,
 * `df -T` on BusyBox built without it). Sorted, each at most once.
 */
export function unavailableCommands(sections: ReadonlyMap<string, string>): string[] {
  const missing = new Set(
    (sections.get('missing-commands') ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => KNOWN.has(name)),
  );
  const ipText = (sections.get('ip-addr') ?? '').trim();
  if (!missing.has('ip') && ipText !== '' && !ipText.startsWith('[')) missing.add('ip -j');
  const lsblkText = (sections.get('lsblk') ?? '').trim();
  if (!missing.has('lsblk') && !lsblkText.startsWith('{') && (sections.get('sysblock') ?? '').trim() !== '')
    missing.add('lsblk -J');
  const df = parseDf(sections.get('df') ?? '');
  if (df.length > 0 && df.every((entry) => entry.fstype === undefined)) missing.add('df -T');
  return [...missing].sort();
}
