/**
 * The Prometheus alert-push workload of `bench:ingest --vs-alertmanager`, and the three receivers
 * it is sent to in turn: the Debian Alertmanager binary, vigil (embedded, durable), and a
 * parse-only HTTP server that reads and parses each body and answers 200, which is the ceiling
 * of what this harness can send on this machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePortFor } from './process-stats.js';

/**
 * Request bodies as Prometheus sends them to an Alertmanager: arrays of alerts with labels,
 * annotations, startsAt, endsAt (in the future: Prometheus resends) and generatorURL. `distinct`
 * alerts, each sent `rounds` times, `batchSize` alerts per request.
 */
export function alertPushBodies(distinct: number, rounds: number, batchSize: number, tag: string): string[] {
  const startsAt = new Date().toISOString();
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const alerts: unknown[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let n = 0; n < distinct; n++) {
      alerts.push({
        labels: {
          alertname: `BenchAlert${n % 50}`,
          instance: `host-${tag}-${n % 500}:9100`,
          job: 'node',
          series: String(n),
          severity: n % 3 === 0 ? 'critical' : 'warning',
        },
        annotations: { summary: `bench alert ${n}`, description: 'alert-push workload' },
        startsAt,
        endsAt,
        generatorURL: `http://prometheus.example:9090/graph?g0.expr=bench_${n % 50}`,
      });
    }
  }
  const bodies: string[] = [];
  for (let i = 0; i < alerts.length; i += batchSize)
    bodies.push(JSON.stringify(alerts.slice(i, i + batchSize)));
  return bodies;
}

/** A running receiver: where to post, what answer means accepted, and how to stop it. */
export interface Receiver {
  url: string;
  headers: Record<string, string>;
  okStatus: number;
  stop(): Promise<void>;
}

const waitForHttp = async (url: string, child: ChildProcess): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready in 20 s`);
};

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Starts the Alertmanager binary (Debian `prometheus-alertmanager`) on a free loopback port. */
export async function startAlertmanager(binary: string, dir: string): Promise<Receiver> {
  const port = await freePortFor();
  const clusterPort = await freePortFor();
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    'route:\n  receiver: blackhole\n  group_by: [alertname]\nreceivers:\n  - name: blackhole\n',
  );
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--cluster.listen-address=127.0.0.1:${clusterPort}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitForHttp(`http://127.0.0.1:${port}/-/ready`, child);
  return {
    url: `http://127.0.0.1:${port}/api/v2/alerts`,
    headers: {},
    okStatus: 200,
    stop: () => stopChild(child),
  };
}

/** A receiver that only reads and parses each body: the ceiling of the harness. */
export async function startParseOnly(): Promise<Receiver> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/v2/alerts`,
    headers: {},
    okStatus: 200,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
