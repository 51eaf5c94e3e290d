import { join } from 'node:path';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { Registry } from 'prom-client';
import { type DiscoveryReport, flatten, summarise } from '../../collector/discovery/discovery-report.js';
import { neighbourAddresses } from '../../collector/discovery/link-neighbours.js';
import { type DiscoveryCmdb, recordDiscovery } from '../../collector/discovery/record-discovery.js';
import { runDiscovery } from '../../collector/discovery/run-discovery.js';
import type { DiscoverySource } from '../../collector/discovery/source.js';
import { expandTargets } from '../../collector/discovery/targets.js';
import {
  AUTH_PROTOCOLS,
  type AuthProtocol,
  credentialProblem,
  PRIV_PROTOCOLS,
  type PrivProtocol,
  type SnmpCredential,
} from '../../collector/snmp/credential.js';
import { SnmpDiscoverySource } from '../../collector/snmp/snmp-discovery-source.js';
import { Cmdb } from '../../correlator/cmdb/cmdb.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { createVigilMetrics } from '../../correlator/metrics/vigil-metrics.js';
import { SqliteStore } from '../../correlator/store/sqlite/sqlite-store.js';

/** Flags of `vigil discover` after parsing. */
export interface DiscoverOptions {
  targets: string[];
  snmpCommunity: string[];
  snmpV1?: boolean;
  snmpV3User?: string;
  snmpV3AuthProtocol?: string;
  snmpV3AuthKey?: string;
  snmpV3PrivProtocol?: string;
  snmpV3PrivKey?: string;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  maxRepetitions: number;
  crawl: boolean;
  json: boolean;
  dryRun: boolean;
  dataDir: string;
  /** SNMP credential sets to use when no `--snmp-*` credential flag is given (from `-c`). */
  credentials?: SnmpCredential[];
  /** Opens the CMDB written to; default the SQLite store in `<dataDir>/vigil.db`. */
  openCmdb?: () => Promise<{ cmdb: DiscoveryCmdb; where: string; close(): Promise<void> }>;
  /** Extra discovery sources (the SSH source plugs in here). */
  extraSources?: DiscoverySource[];
  /** Where output goes; the CLI passes process streams. */
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Builds the SNMP credential sets the flags describe (communities first, then the v3 user). */
export function credentialsFromFlags(o: DiscoverOptions): SnmpCredential[] {
  const creds: SnmpCredential[] = o.snmpCommunity.map((community, i) => ({
    name: `community-${i + 1}`,
    version: o.snmpV1 ? '1' : '2c',
    community,
  }));
  if (o.snmpV3User !== undefined) {
    const auth = (o.snmpV3AuthProtocol ?? 'sha').toLowerCase();
    const priv = (o.snmpV3PrivProtocol ?? 'aes').toLowerCase();
    if (!(AUTH_PROTOCOLS as readonly string[]).includes(auth)) {
      throw new VigilError('VIGIL_ERR_SNMP_CREDENTIAL', {
        name: 'v3',
        reason: `auth protocol "${auth}" is not one of ${AUTH_PROTOCOLS.join(', ')}`,
      });
    }
    if (!(PRIV_PROTOCOLS as readonly string[]).includes(priv)) {
      throw new VigilError('VIGIL_ERR_SNMP_CREDENTIAL', {
        name: 'v3',
        reason: `privacy protocol "${priv}" is not one of ${PRIV_PROTOCOLS.join(', ')}`,
      });
    }
    const v3: SnmpCredential = { name: 'v3', version: '3', user: o.snmpV3User };
    if (o.snmpV3AuthKey !== undefined) {
      v3.authKey = o.snmpV3AuthKey;
      v3.authProtocol = auth as AuthProtocol;
    }
    if (o.snmpV3PrivKey !== undefined) {
      v3.privKey = o.snmpV3PrivKey;
      v3.privProtocol = priv as PrivProtocol;
    }
    creds.push(v3);
  }
  if (creds.length === 0) creds.push({ name: 'public', version: '2c', community: 'public' });
  for (const c of creds) {
    const problem = credentialProblem(c);
    if (problem) throw new VigilError('VIGIL_ERR_SNMP_CREDENTIAL', { name: c.name, reason: problem });
  }
  return creds;
}

/**
 * `vigil discover <cidr|host...>`: probes the targets with every discovery source (SNMP, and SSH
 * when plugged in), shows a progress bar, links LLDP/CDP neighbours, prints a table (or JSON) and,
 * unless `--dry-run`, reconciles everything into the CMDB of the embedded store in `--data-dir`.
 * Returns the exit code: 0 when something was found, 1 when nothing answered.
 */
export async function discover(o: DiscoverOptions): Promise<number> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  if (o.targets.length === 0) {
    throw new VigilError('VIGIL_ERR_DISCOVER_TARGET', {
      value: '',
      reason: 'no target was given (give addresses or ranges, or -c vigil.yaml with snmp.discovery ranges)',
    });
  }
  const { targets, ranges } = expandTargets(o.targets);
  const snmpFlags = o.snmpCommunity.length > 0 || o.snmpV3User !== undefined;
  const credentials = !snmpFlags && o.credentials?.length ? o.credentials : credentialsFromFlags(o);
  const snmp = new SnmpDiscoverySource({
    credentials,
    probe: { timeoutMs: o.timeoutMs, retries: o.retries },
    walk: {
      timeoutMs: Math.max(o.timeoutMs, 2000),
      retries: Math.max(o.retries, 1),
      maxRepetitions: o.maxRepetitions,
    },
  });
  const sources: DiscoverySource[] = [snmp, ...(o.extraSources ?? [])];

  const bar =
    !o.json && err.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: err,
            format: 'discover [{bar}] {value}/{total} probed, {found} found {current}',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(targets.length, 0, { found: 0, current: '' });
  let result: Awaited<ReturnType<typeof runDiscovery>>;
  try {
    result = await runDiscovery({
      targets,
      sources,
      concurrency: o.concurrency,
      targetTimeoutMs: 120_000,
      ...(o.crawl ? { crawl: { ranges, neighbourAddresses, maxTargets: 65_536 } } : {}),
      onProgress: (p) => {
        bar?.setTotal(p.total);
        bar?.update(p.done, { found: p.found, current: p.current ?? '' });
      },
    });
  } finally {
    bar?.stop();
    for (const s of sources) await s.close?.();
  }

  let recorded: Awaited<ReturnType<typeof recordDiscovery>>;
  if (o.dryRun || result.findings.length === 0) {
    recorded = await recordDiscovery(result, null, Date.now());
  } else {
    const opened = await (o.openCmdb ?? sqliteCmdb(o.dataDir))();
    try {
      recorded = await recordDiscovery(result, opened.cmdb, Date.now());
    } finally {
      await opened.close();
    }
  }
  const { linked, written } = recorded;

  const report: DiscoveryReport = {
    devices: result.findings.map((f) => summarise(f.target.host, f.source, f.batch, f.crawled)),
    ...flatten(result.findings),
    links: linked.links,
    unresolvedNeighbours: linked.unresolved,
    failures: result.failures,
    probed: result.probed,
    silent: result.silent,
    written,
  };
  if (linked.batch) {
    for (const r of linked.batch.relations.filter((x) => x.type === 'connected_to')) {
      report.relations.push({
        from: `links/${r.from}`,
        to: `links/${r.to}`,
        type: r.type,
        confidence: r.confidence ?? 1,
        source: r.source ?? linked.batch.source,
      });
    }
  }
  out.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, o.dryRun));
  return result.findings.length > 0 ? 0 : 1;
}

function sqliteCmdb(dataDir: string) {
  return async () => {
    const path = join(dataDir, 'vigil.db');
    const store = new SqliteStore({ path });
    return {
      cmdb: new Cmdb(store, createVigilMetrics(new Registry())),
      where: path,
      close: () => store.close(),
    };
  };
}

/** Tables without ANSI colours, so output piped to files and tests stays plain. */
const PLAIN = { head: [], border: [] };

function formatReport(r: DiscoveryReport, dryRun: boolean): string {
  const devices = new Table({
    head: ['address', 'source', 'name', 'vendor', 'model', 'serial', 'interfaces', 'neighbours'],
    style: PLAIN,
  });
  for (const d of r.devices) {
    devices.push([
      d.address + (d.crawled ? ' (crawled)' : ''),
      d.source,
      d.name,
      d.vendor ?? '',
      d.model ?? '',
      d.serial ?? '',
      d.interfaces,
      d.neighbours,
    ]);
  }
  const lines = [devices.toString()];
  if (r.links.length > 0) {
    const links = new Table({ head: ['from', 'to', 'via', 'status'], style: PLAIN });
    for (const l of r.links) {
      links.push([
        `${l.from.device} ${l.from.interface}`,
        `${l.to.device} ${l.to.interface}`,
        l.protocols.join('+'),
        l.confirmed ? 'confirmed' : `candidate (${l.confidence})`,
      ]);
    }
    lines.push(links.toString());
  }
  for (const u of r.unresolvedNeighbours) {
    lines.push(
      `neighbour not discovered: ${u.device} ${u.interface} -> ${u.report.remoteName ?? u.report.remoteChassisId ?? '?'} ${u.report.remotePort ?? ''} (${u.report.protocol}${u.report.remoteAddress ? `, ${u.report.remoteAddress}` : ''})`,
    );
  }
  for (const f of r.failures) lines.push(`failed: ${f.target.host} (${f.source}): ${f.code}: ${f.message}`);
  lines.push(
    `${r.probed} probed, ${r.devices.length} found, ${r.silent} silent, ${r.failures.length} failed; ` +
      (dryRun || !r.written
        ? 'dry run: nothing written'
        : `CMDB: ${r.written.created} created, ${r.written.updated} updated`),
  );
  return `${lines.join('\n')}\n`;
}
