/**
 * `npm run bench:ssh`: inventory of 100 SSH targets at concurrency 20 (target: under 30 s).
 * The targets are 100 loopback addresses 127.50.1.1-100, served by private OpenSSH sshd
 * instances (15 addresses each: sshd listens on at most 16) started here with their own host key;
 * the login is a throw-away non-root account with an ed25519 key, as production monitoring
 * accounts are. Uses `discoverOverSsh`, the code `vigil discover --ssh-*` runs. Prints the total
 * time, failures and the peak RSS of this process. Needs root (useradd, sshd).
 * Options: --targets N (default 100, at most 250), --concurrency N (default 20).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverOverSsh } from '../collector/ssh/discover.js';
import { createTestUser, startSshd, type TestSshd } from './support/private-sshd.js';

const { values } = parseArgs({
  options: { targets: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '20' } },
});
const TARGETS = Math.min(250, Number(values.targets));
const CONCURRENCY = Number(values.concurrency);
const PER_DAEMON = 15;

const addresses = Array.from({ length: TARGETS }, (_, i) => `127.50.1.${i + 1}`);
const daemons: TestSshd[] = [];
const user = createTestUser();
try {
  const started = performance.now();
  for (let i = 0; i < addresses.length; i += PER_DAEMON) {
    const group = addresses.slice(i, i + PER_DAEMON);
    daemons.push(
      await startSshd({
        addresses: group,
        maxSessions: 10,
        ...(daemons[0] ? { keysFrom: daemons[0].dir } : {}),
      }),
    );
  }
  const knownHosts = join(daemons[0]!.dir, 'known_hosts.bench');
  writeFileSync(knownHosts, '');
  const targets: string[] = [];
  for (const daemon of daemons) {
    appendFileSync(
      knownHosts,
      daemon.addresses.map((a) => `[${a}]:${daemon.port} ${daemon.hostKeyPublic}\n`).join(''),
    );
    targets.push(...daemon.addresses.map((a) => `${a}:${daemon.port}`));
  }
  process.stderr.write(
    `started ${daemons.length} sshd for ${targets.length} addresses in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );

  const t0 = performance.now();
  const results = await discoverOverSsh(
    targets,
    {
      user: user.name,
      keyFile: daemons[0]!.ed25519KeyPath,
      knownHostsFile: knownHosts,
      concurrency: CONCURRENCY,
    },
    (done, total) => {
      if (done % 20 === 0 || done === total) process.stderr.write(`  ${done}/${total}\n`);
    },
  );
  const totalS = (performance.now() - t0) / 1000;
  const failed = results.filter((r) => 'error' in r);
  const cis = results.reduce((n, r) => n + ('batch' in r ? r.batch.cis.length : 0), 0);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`ssh inventory: ${targets.length} targets, concurrency ${CONCURRENCY}`);
  console.log(
    `  total time      ${totalS.toFixed(2)} s   (target < 30 s: ${totalS < 30 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  per target      ${((totalS * 1000 * CONCURRENCY) / targets.length).toFixed(0)} ms average wall time per slot`,
  );
  console.log(`  CIs observed    ${cis}`);
  console.log(
    `  failures        ${failed.length}${failed.length ? ` (first: ${(failed[0] as { error: Error }).error.message})` : ''}`,
  );
  console.log(`  peak RSS        ${peakRssMb.toFixed(1)} MB (this process: client, pool and parsers)`);
  if (failed.length > 0) process.exitCode = 1;
} finally {
  for (const daemon of daemons.reverse()) await daemon.stop();
  user.remove();
}
