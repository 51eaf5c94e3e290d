import type { JsonValue, ObservationBatch } from '../../correlator/model/observation.js';
import { selectFilesystems } from '../host/filesystem-selection.js';
import { realValue } from '../host/junk-value.js';
import { mapInventory } from '../host/map-inventory.js';
import { createNameFilter } from '../host/name-pattern.js';
import { memoryFromMeminfo, parseMeminfo } from '../host/parse-meminfo.js';
import { DEFAULT_EXCLUDED_INTERFACES, resolveProbeOptions } from '../host/probe-options.js';
import type { HostKeyTrust } from './host-key-policy.js';
import { parseCpuinfo } from './parse/parse-cpuinfo.js';
import { dfFsType, parseDf } from './parse/parse-df.js';
import { parseDmi } from './parse/parse-dmi.js';
import { parseIpAddrJson, parseIpAddrText } from './parse/parse-ip-addr.js';
import { parseLsblkJson, parseSysBlock } from './parse/parse-lsblk.js';
import { parseOsRelease } from './parse/parse-os-release.js';
import { parseProcIpv4 } from './parse/parse-proc-ipv4.js';
import { parseSysNet } from './parse/parse-sysnet.js';
import { nodeArch, parseUname } from './parse/parse-uname.js';
import { unavailableCommands } from './unavailable-commands.js';

/** Where the inventory came from, recorded on the host CI. */
export interface SshInventoryContext {
  /** The address vigil connected to (`host` or `host:port`). */
  address: string;
  hostKey: HostKeyTrust;
  observedAt: number;
}

const interfaceFilter = createNameFilter({ exclude: DEFAULT_EXCLUDED_INTERFACES });
const VENDOR_PREFIX = /^(Intel\(R\)|AMD|Intel)\s+/;

/**
 * Turns the inventory script's sections into the CMDB batch (source `ssh`). The parsed output
 * is put in the shape of the systeminformation results the local host probe reads, and the
 * probe's own mapper builds the CIs, so a machine seen both ways gets the same identifiers
 * (serial, uuid, MACs, FQDN, host name), the same child CIs and the same filters.
 */
export function mapSshInventory(
  sections: ReadonlyMap<string, string>,
  context: SshInventoryContext,
): ObservationBatch {
  const get = (name: string) => sections.get(name) ?? '';
  const os = parseOsRelease(get('os-release'));
  const uname = parseUname(get('uname'));
  const cpu = parseCpuinfo(get('cpuinfo'));
  const dmi = parseDmi(get('dmi'));
  const mem = memoryFromMeminfo(parseMeminfo(get('meminfo')));
  const hostname = realValue(uname?.nodename) ?? realValue(firstLine(get('hostname'))) ?? context.address;
  const machineId = firstLine(get('machine-id'));
  const ip = interfacesOf(sections);
  const blockDevices = parseLsblkJson(get('lsblk')) ?? parseSysBlock(get('sysblock'));
  const fsSize = parseDf(get('df')).map((e) => ({
    fs: e.device,
    type: dfFsType(e),
    size: e.sizeBytes,
    used: e.usedBytes,
    available: e.availableBytes,
    mount: e.mount,
    rw: true,
  }));
  const options = resolveProbeOptions({}, hostname);
  const batch = mapInventory(
    {
      osInfo: {
        platform: uname?.kernelName.toLowerCase() ?? 'linux',
        distro: os.name,
        release: os.versionId,
        codename: os.versionCodename,
        kernel: uname?.release,
        arch: uname ? nodeArch(uname.machine) : undefined,
        hostname,
        fqdn: firstLine(get('fqdn')),
      },
      system: { manufacturer: dmi.vendor, model: dmi.model, serial: dmi.serial, uuid: dmi.uuid },
      cpu: cpu && {
        manufacturer: cpu.vendor,
        brand: cpu.model?.replace(VENDOR_PREFIX, ''),
        cores: cpu.logical,
        physicalCores: cpu.physicalCores,
        flags: cpu.flags,
      },
      mem,
      uuid: { os: machineId },
      // Node (and so the host probe) lists only interfaces that have an address.
      interfaces: ip.filter((i) => !i.internal && interfaceFilter(i.name) && (i.ipv4 || i.ipv6)),
      hostname,
      filesystems: selectFilesystems(fsSize, options),
      blockDevices,
    },
    context.observedAt,
  );
  const host = batch.cis[0]!;
  const extra: Record<string, JsonValue> = {
    sshAddress: context.address,
    sshHostKeyFingerprint: context.hostKey.fingerprint,
    sshHostKeyType: context.hostKey.keyType,
    sshHostKeyTrust: context.hostKey.trust,
    // Always set, so a host that gains a command loses its old entry in the CMDB.
    sshUnavailableCommands: unavailableCommands(sections),
  };
  if (os.id) extra['osId'] = os.id;
  if (os.prettyName) extra['osPrettyName'] = os.prettyName;
  host.attributes = { ...host.attributes, ...extra };
  return { ...batch, source: 'ssh' };
}

/** `ip -j addr`, else plain `ip addr` (old iproute2, BusyBox), else sysfs (no `ip` at all). */
function interfacesOf(sections: ReadonlyMap<string, string>) {
  const text = sections.get('ip-addr') ?? '';
  const json = parseIpAddrJson(text);
  if (json) return json;
  const plain = parseIpAddrText(text);
  if (plain.length > 0) return plain;
  const ipv4 = parseProcIpv4(sections.get('fib-trie') ?? '', sections.get('net-route') ?? '');
  return parseSysNet(sections.get('sysnet') ?? '', sections.get('if-inet6') ?? '', ipv4);
}

function firstLine(text: string): string | undefined {
  const line = text.split('\n')[0]?.trim();
  return line && line.length <= 255 && /^[\x21-\x7e]+$/.test(line) ? line : undefined;
}
