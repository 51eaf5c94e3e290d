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
const SWEPT = '127.4.8.3';

/**
 * The real `vigil run` with an `snmp` section: it polls the snmpsim Cisco recording into the CMDB
 * and receives a real snmptrap linkDown, which becomes an alert bound to the device's CI name; its
 * scheduled discovery sweeps a second simulated switch (not a polled target) into the CMDB.
 */
describe('vigil run with SNMP polling and the trap listener', () => {
  let dir: string;
  let port: number;
  let sim: RunningDaemon;
  let swept: RunningDaemon;
  let vigil: VigilProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-snmp-'));
    port = await freePort();
    const cisco = gunzipSync(
      readFileSync('/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz'),
    ).toString();
    const neighbour = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'c2960x-neighbour.snmprec'),
      'utf8',
    );
    [sim, swept] = await Promise.all([
      startSnmpsim({ lab: cisco }, [{ host: DEVICE, port: 161 }], 'lab'),
      startSnmpsim({ lab: neighbour }, [{ host: SWEPT, port: 161 }], 'lab'),
    ]);
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
        `  discovery: [{ name: e2e-sweep, range: "${SWEPT}", credentials: [lab], every: 1h, retries: 0 }]`,
      ].join('\n'),
    );
    vigil = await startVigilRun(dir, port, ['-c', join(dir, 'vigil.yaml')], { SNMP_COMMUNITY: 'lab' });
  }, 120_000);
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    await Promise.all([sim?.stop(), swept?.stop()]);
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
        return list.items.some((d) => d.name === 'Profiler3750') ? list.items : undefined;
      },
      60_000,
      () => vigil!.output(),
      500,
    );
    expect(devices.find((d) => d.name === 'Profiler3750')).toMatchObject({ class: 'network_device' });

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
    // The listener counts a trap as accepted once its event is durable, which can be a moment
    // after the alert is visible (the commit is, the WAL sync may still run): wait for the count.
    const accepted = await waitFor(
      'the accepted trap in the metrics',
      async () => {
        const metrics = await (
          await fetch(`http://127.0.0.1:${port}/metrics`, {
            headers: { authorization: `Bearer ${adminToken(dir)}` },
          })
        ).text();
        return /vigil_snmp_traps_total\{outcome="accepted"\} (\d+)/.exec(metrics)?.[1];
      },
      10_000,
      () => vigil!.output(),
      200,
    );
    expect(accepted).toBe('1');
  });

  it('sweeps snmp.discovery at start: the swept switch is in the CMDB and the sweep in the metrics', async () => {
    const swept = await waitFor(
      'the swept switch in the CMDB',
      async () =>
        (await api('/api/v1/cis?class=network_device')).items.find((d) => d.name === 'C2960X.uac.local'),
      60_000,
      () => vigil!.output(),
      500,
    );
    expect(swept).toMatchObject({ class: 'network_device' });
    const metrics = await waitFor(
      'the completed sweep in /metrics',
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return /vigil_discovery_sweeps_total\{job="e2e-sweep",outcome="completed"\} 1/.test(text)
          ? text
          : undefined;
      },
      20_000,
      () => vigil!.output(),
      300,
    );
    expect(metrics).toMatch(/vigil_discovery_devices\{job="e2e-sweep"\} 1/);
    expect(vigil!.output()).toContain('discovery sweep finished');
  });
});
