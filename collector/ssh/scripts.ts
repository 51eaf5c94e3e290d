/**
 * The remote scripts of the inventory and the health check. Each runs many read-only commands
 * in ONE exec (sshd's per-session cost is about 200 ms), printing each command's output after
 * a marker line that carries a random nonce, so nothing a host prints (a mount point named
 * like a marker, say) can forge a section. Every command has a fallback for BusyBox and minimal
 * images, which lack `lsblk` (or its `-J`), `ip` (or its `-j`) and systemd; `missing-commands`
 * lists which of the commands vigil prefers are absent.
 */

/** Inventory sections in the order they are printed. */
export const INVENTORY_SECTIONS = [
  'os-release',
  'uname',
  'hostname',
  'fqdn',
  'machine-id',
  'cpuinfo',
  'meminfo',
  'df',
  'lsblk',
  'sysblock',
  'ip-addr',
  'sysnet',
  'if-inet6',
  'fib-trie',
  'net-route',
  'dmi',
  'missing-commands',
] as const;

/** Health sections in the order they are printed. */
export const HEALTH_SECTIONS = ['df', 'meminfo', 'loadavg', 'nproc', 'uptime', 'systemctl-failed'] as const;

const COMMANDS: Record<string, string> = {
  'os-release': 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null',
  uname: 'uname -snrm',
  hostname: 'hostname 2>/dev/null || uname -n',
  fqdn: 'hostname -f 2>/dev/null',
  'machine-id': 'cat /etc/machine-id 2>/dev/null',
  cpuinfo: 'cat /proc/cpuinfo',
  meminfo: 'cat /proc/meminfo',
  df: 'df -PTk 2>/dev/null || df -Pk',
  lsblk: 'lsblk -J -b -o NAME,TYPE,SIZE,MODEL,SERIAL,ROTA,TRAN,RM 2>/dev/null',
  sysblock:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${d##*/} is shell parameter expansion
    'lsblk -J -o NAME >/dev/null 2>&1 || for d in /sys/block/*; do [ -e "$d/size" ] || continue; printf "%s\\t%s\\t%s\\t%s\\t%s\\n" "${d##*/}" "$(cat "$d/size")" "$(cat "$d/removable" 2>/dev/null)" "$(cat "$d/device/model" 2>/dev/null)" "$(cat "$d/device/serial" 2>/dev/null)"; done',
  'ip-addr': 'ip -j addr 2>/dev/null || ip addr 2>/dev/null',
  // No `ip` at all (slim containers, minimal images): link facts from sysfs, addresses from procfs.
  sysnet:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${d##*/} is shell parameter expansion
    'command -v ip >/dev/null 2>&1 || for d in /sys/class/net/*; do [ -e "$d/address" ] || continue; printf "%s\\t%s\\t%s\\t%s\\n" "${d##*/}" "$(cat "$d/address" 2>/dev/null)" "$(cat "$d/mtu" 2>/dev/null)" "$(cat "$d/type" 2>/dev/null)"; done',
  'if-inet6': 'command -v ip >/dev/null 2>&1 || cat /proc/net/if_inet6 2>/dev/null',
  'fib-trie': 'command -v ip >/dev/null 2>&1 || cat /proc/net/fib_trie 2>/dev/null',
  'net-route': 'command -v ip >/dev/null 2>&1 || cat /proc/net/route 2>/dev/null',
  dmi: 'for f in sys_vendor product_name product_serial product_uuid; do printf "%s=" "$f"; cat "/sys/class/dmi/id/$f" 2>/dev/null || echo; done',
  'missing-commands':
    'for c in lsblk ip hostname systemctl timeout; do command -v "$c" >/dev/null 2>&1 || echo "$c"; done',
  loadavg: 'cat /proc/loadavg',
  nproc: 'nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo',
  uptime: 'cat /proc/uptime',
  'systemctl-failed':
    "if command -v systemctl >/dev/null 2>&1; then systemctl list-units --failed --output=json --no-pager 2>/dev/null || systemctl list-units --failed --no-legend --no-pager --plain 2>/dev/null || echo '@unavailable'; else echo '@unavailable'; fi",
};

/** The marker line that opens a section. */
export function sectionMarker(nonce: string, name: string): string {
  return `@@vigil-${nonce}@@ ${name}`;
}

/** The script printing `sections`, each after its marker; run with `sh -c`. */
export function sectionScript(nonce: string, sections: readonly string[]): string {
  return sections
    .map((name) => `printf '\\n%s\\n' '${sectionMarker(nonce, name)}'; ${COMMANDS[name]}`)
    .join('\n');
}
