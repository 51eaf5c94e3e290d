import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '../../correlator/clock/clock.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import type { SshCommandRunner } from './command-runner.js';
import { mapSshInventory } from './map-ssh-inventory.js';
import { parseSections } from './parse/parse-sections.js';
import { INVENTORY_SECTIONS, sectionScript } from './scripts.js';
import type { SshTarget } from './ssh-target.js';

/** Limits of one inventory run. */
export interface InventoryOptions {
  /** Default 60 s. */
  timeoutMs?: number;
  /** Default 8 MiB (a host with thousands of mounts or CPUs). */
  maxOutputBytes?: number;
  clock?: Clock;
}

/** Runs `sh -c <script>` and splits its marked sections. */
export async function runSections(
  runner: SshCommandRunner,
  target: SshTarget,
  sections: readonly string[],
  options: { timeoutMs: number; maxOutputBytes: number },
): Promise<Map<string, string>> {
  const nonce = randomBytes(12).toString('hex');
  const result = await runner.run(target, ['sh', '-c', sectionScript(nonce, sections)], options);
  if (result.timedOut) {
    throw new VigilError('VIGIL_ERR_SSH_COMMAND_FAILED', {
      host: target.host,
      reason: `the collection script did not finish within ${options.timeoutMs} ms and was stopped`,
    });
  }
  return parseSections(result.stdout, nonce, sections);
}

/**
 * The inventory of one Linux host over SSH (one exec for all commands) as a CMDB batch with
 * source `ssh`. Commands that are missing or unreadable on the host leave their fields out.
 */
export async function collectSshInventory(
  runner: SshCommandRunner,
  target: SshTarget,
  options: InventoryOptions = {},
): Promise<ObservationBatch> {
  const sections = await runSections(runner, target, INVENTORY_SECTIONS, {
    timeoutMs: options.timeoutMs ?? 60_000,
    maxOutputBytes: options.maxOutputBytes ?? 8 * 1024 * 1024,
  });
  const hostKey = await runner.hostKeyOf(target);
  const port = target.port ?? 22;
  return mapSshInventory(sections, {
    address: port === 22 ? target.host : `${target.host}:${port}`,
    hostKey,
    observedAt: (options.clock ?? systemClock).now(),
  });
}
