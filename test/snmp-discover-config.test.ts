// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config texts hold ${env:...}/${file:...} references literally.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverCli } from '../bin/commands/discover-cli.js';
import type { DiscoveryReport } from '../collector/discovery/discovery-report.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { type RunningDaemon, startSnmpsim } from './support/snmp-daemons.js';
import { startSshd, type TestSshd } from './support/sshd.js';

// This file owns 127.4.10.0/24 of the engineer's loopback range.
const CISCO = '127.4.10.1';
const C2960 = '127.4.10.2';
const SSH_HOST = '127.4.10.9';
const RECORDING = '/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz';

let sims: RunningDaemon[] = [];
let sshd: TestSshd;
let dir: string;

beforeAll(async () => {
  const cisco = gunzipSync(readFileSync(RECORDING)).toString('utf8');
  const neighbour = readFileSync(join(import.meta.dirname, 'fixtures', 'c2960x-neighbour.snmprec'), 'utf8');
  [sims, sshd] = await Promise.all([
    Promise.all([
      startSnmpsim({ 'lab-secret': cisco }, [{ host: CISCO, port: 161 }], 'lab-secret'),
      startSnmpsim({ 'lab-secret': neighbour }, [{ host: C2960, port: 161 }], 'lab-secret'),
    ]),
    startSshd({ addresses: [SSH_HOST] }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'vigil-discover-config-'));
}, 120_000);
afterAll(async () => {
  await Promise.all([...sims.map((s) => s.stop()), sshd?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    }),
    text: () => text,
  };
}

function writeConfig(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const SNMP_SECTION = [
  'snmp:',
  '  credentials:',
  '    - { name: old, version: 2c, community: "${env:OLD_COMMUNITY}" }',
  '    - { name: lab, version: 2c, community: "${env:LAB_COMMUNITY}" }',
  '  discovery:',
  `    - { range: "${CISCO}, ${C2960}", credentials: [lab], every: 6h }`,
];
const ENV = { OLD_COMMUNITY: 'retired-community', LAB_COMMUNITY: 'lab-secret' };
const FLAGS = { timeout: 400, retries: 0, json: true, concurrency: 8, maxRepetitions: 25 };

async function run(targets: string[], opts: Record<string, unknown>, env: Record<string, string> = ENV) {
  const out = sink();
  const err = sink();
  const code = await discoverCli(
    targets,
    { ...FLAGS, dataDir: join(dir, 'unused-data-dir'), ...opts },
    {
      env,
      out: out.stream,
      err: err.stream,
    },
  );
  return {
    code,
    report: out.text() ? (JSON.parse(out.text()) as DiscoveryReport) : null,
    stdout: out.text(),
  };
}

describe('vigil discover -c vigil.yaml', () => {
  it('with no targets sweeps the snmp.discovery ranges with the resolved credential sets into the configured store', async () => {
    const config = writeConfig('sweep.yaml', [
      'store: { kind: sqlite, path: ./sweep-cmdb.db }',
      ...SNMP_SECTION,
    ]);
    const { code, report, stdout } = await run([], { config });
    expect(code).toBe(0);
    expect(report!.devices.map((d) => d.name).sort()).toEqual(['C2960X.uac.local', 'Profiler3750']);
    expect(report!.links.filter((l) => l.confirmed)).toHaveLength(1);
    expect(report!.written!.created).toBeGreaterThan(50);
    expect(stdout).not.toContain('lab-secret');
    // Written to store.path of the config (relative to the config file), not to --data-dir.
    const store = new SqliteStore({ path: join(dir, 'sweep-cmdb.db') });
    try {
      expect((await store.listCis({ class: 'network_device', limit: 10 })).items).toHaveLength(2);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('lets --snmp-community override the config credential sets', async () => {
    const config = writeConfig('override.yaml', SNMP_SECTION);
    const { code, report } = await run([CISCO], {
      config,
      snmpCommunity: ['not-the-community'],
      dryRun: true,
    });
    expect(code).toBe(1);
    expect(report!.silent).toBe(1);
    const withConfig = await run([CISCO], { config, dryRun: true });
    expect(withConfig.code).toBe(0);
    expect(withConfig.report!.devices[0]!.name).toBe('Profiler3750');
  }, 60_000);

  it('refuses a config whose secret reference cannot be resolved, naming the key but not a value', async () => {
    const config = writeConfig('missing-env.yaml', SNMP_SECTION);
    const error = (await run([CISCO], { config, dryRun: true }, { OLD_COMMUNITY: 'retired-community' }).catch(
      (e: unknown) => e,
    )) as { code?: string; message?: string };
    expect(error.code).toMatch(/^VIGIL_ERR_CONFIG|^VIGIL_ERR_SECRET/);
    expect(error.message).toContain('LAB_COMMUNITY');
    expect(error.message).not.toContain('retired-community');
  });

  it('refuses no targets when the config has no snmp.discovery ranges', async () => {
    const config = writeConfig('no-ranges.yaml', ['snmp:', '  credentials: []']);
    await expect(run([], { config, dryRun: true })).rejects.toMatchObject({
      code: 'VIGIL_ERR_DISCOVER_TARGET',
      message: expect.stringContaining('no snmp.discovery ranges'),
    });
    await expect(run([], { dryRun: true })).rejects.toMatchObject({ code: 'VIGIL_ERR_DISCOVER_TARGET' });
  });

  it('inventories a host over SSH with the ssh.credentials login and ssh.knownHosts of the config', async () => {
    const config = writeConfig('ssh.yaml', [
      'ssh:',
      `  knownHosts: ${sshd.knownHostsPath}`,
      '  credentials:',
      '    - { name: wrong, user: nobody-here, password: "${env:NOPE}" }',
      `    - { name: ops, user: root, privateKey: "\${file:${sshd.ed25519KeyPath}}" }`,
    ]);
    const { code, report } = await run(
      [`${SSH_HOST}:${sshd.port}`],
      { config, sshCredential: 'ops', dryRun: true },
      {
        NOPE: 'x',
      },
    );
    expect(code).toBe(0);
    expect(report!.devices).toEqual([expect.objectContaining({ source: 'ssh' })]);
    expect(report!.cis.some((ci) => ci.class === 'host')).toBe(true);
    await expect(
      run([`${SSH_HOST}:${sshd.port}`], { config, sshCredential: 'nope', dryRun: true }, { NOPE: 'x' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('no ssh.credentials entry of that name') });
  }, 60_000);
});
