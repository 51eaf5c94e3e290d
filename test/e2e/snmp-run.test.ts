// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config holds ${env:...} references literally, as config files do.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary, waitFor } from '../support/child-binary.js';
import { type RunningDaemon, runTool, startSnmpsim } from '../support/snmp-daemons.js';
import { adminToken, freePort, startVigilRun, type VigilProcess } from '../support/vigil-process.js';

// This file owns 127.4.8.0/24 of the engineer's loopback range.
const DEVICE = '127.4.8.1';
const TRAPS = { host: '127.4.8.2', port: 16162 };

/**
 * The real `vigil run` with an `snmp` section: it polls the snmpsim Cisco recording into the CMDB
 * and receives a real snmptrap linkDown, which becomes an alert bound to the device's CI name.
 */
describe('vigil run with SNMP polling and the trap listener', () => {
  let dir: string;
  let port: number;
  let sim: RunningDaemon;
  let vigil: VigilProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-snmp-'));
    port = await freePort();
    const cisco = gunzipSync(
      readFileSync('/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz'),
    ).toString();
    sim = await startSnmpsim({ lab: cisco }, [{ host: DEVICE, port: 161 }], 'lab');
    writeFileSync(
      join(dir, 'vigil.yaml'),
      [
        'host: { enabled: false }',
        'rules: [builtin:snmp]',
        'snmp:',
        '  credentials:',
        '    - { name: lab, version: 2c, community: "${env:SNMP_COMMUNITY}" }',
        `  targets: [{ host: ${DEVICE}, credential: lab, interval: 30s, hostResources: false }]`,
        `  traps: { listen: "${TRAPS.host}:${TRAPS.port}", credentials: [lab] }`,
      ].join('\n'),
    );
    vigil = await startVigilRun(dir, port, ['-c', join(dir, 'vigil.yaml')], { SNMP_COMMUNITY: 'lab' });
  }, 120_000);
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { authorization: `Bearer ${adminToken(dir)}` },
    });
    return (await res.json()) as { items: Array<Record<string, unknown>> };
  };

  it('polls the device into the CMDB and turns a trap from it into an alert on its CI', async () => {
    const devices = await waitFor(
      'the polled device in the CMDB',
      async () => {
        const list = await api('/api/v1/cis?class=network_device');
        return list.items.length > 0 ? list.items : undefined;
      },
      60_000,
      () => vigil!.output(),
      500,
    );
    expect(devices[0]).toMatchObject({ name: 'Profiler3750', class: 'network_device' });

    // snmptrap sends from the device's address (clientaddr), so the trap binds to its CI.
    const snmptrap = findBinary(['snmptrap'], 'snmp');
    const sent = await runTool(snmptrap, [
      '--clientaddr=127.4.8.1',
      '-v2c',
      '-c',
      'lab',
      `${TRAPS.host}:${TRAPS.port}`,
      '',
      '.1.3.6.1.6.3.1.1.5.3',
      '.1.3.6.1.2.1.2.2.1.1.9',
      'i',
      '9',
      '.1.3.6.1.2.1.2.2.1.7.9',
      'i',
      '1',
    ]);
    expect(sent.code).toBe(0);
    const alert = await waitFor(
      'the linkDown alert',
      async () =>
        (await api('/api/v1/alerts')).items.find(
          (a) => a.check === 'interface.oper_status' && (a.labels as Record<string, string>).ifIndex === '9',
        ),
      20_000,
      () => vigil!.output(),
      300,
    );
    expect(alert).toMatchObject({ source: 'snmp', state: 'firing', resource: 'Profiler3750' });
    const metrics = await (
      await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${adminToken(dir)}` },
      })
    ).text();
    expect(metrics).toMatch(/vigil_snmp_traps_total\{outcome="accepted"\} 1/);
  });
});
