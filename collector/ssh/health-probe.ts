import type { HostProbeLike } from '../../agent/host-monitor-types.js';
import { type Clock, systemClock } from '../../correlator/clock/clock.js';
import type { ProbeCallError } from '../host/call-runner.js';
import type { HostInventory, HostSnapshot } from '../host/host-probe.js';
import { SampleBuffer } from '../host/sample-buffer.js';
import { collectSshInventory, runSections } from './collect-inventory.js';
import type { SshCommandRunner } from './command-runner.js';
import { customCheckValue, mapHealth } from './map-health.js';
import { HEALTH_SECTIONS } from './scripts.js';
import type { SshTarget } from './ssh-target.js';

/** A custom command whose printed number (or exit status) is checked against thresholds. */
export interface SshCustomCheck {
  name: string;
  command: readonly string[];
  timeoutMs: number;
}

/** What an SSH health probe needs. */
export interface SshHealthProbeSetup {
  runner: SshCommandRunner;
  target: SshTarget;
  /** The resource events name; default the host name the inventory found, else the address. */
  name?: string;
  checks?: readonly SshCustomCheck[];
  commandTimeoutMs?: number;
  clock?: Clock;
}

/**
 * The host probe of one SSH target, in the shape `HostMonitor` schedules: `fast()` runs the
 * health script (one exec) and the custom checks, `inventory()` the inventory script. A failed
 * login or command never throws out of `fast()`: it reports `ssh.up 0`, which the
 * `ssh-unreachable` rule turns into an event, and the error goes to the cycle report.
 */
export class SshHealthProbe implements HostProbeLike {
  readonly #runner: SshCommandRunner;
  readonly #target: SshTarget;
  readonly #checks: readonly SshCustomCheck[];
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  #resource: string;
  readonly #named: boolean;
  #inventory: HostInventory | undefined;

  constructor(setup: SshHealthProbeSetup) {
    this.#runner = setup.runner;
    this.#target = setup.target;
    this.#checks = setup.checks ?? [];
    this.#timeoutMs = setup.commandTimeoutMs ?? 30_000;
    this.#clock = setup.clock ?? systemClock;
    this.#named = setup.name !== undefined;
    this.#resource = setup.name ?? setup.target.host;
  }

  /** The resource name the snapshots carry. */
  get resource(): string {
    return this.#resource;
  }

  async fast(): Promise<HostSnapshot> {
    const time = this.#clock.now();
    const errors: ProbeCallError[] = [];
    const out = new SampleBuffer();
    let samples: HostSnapshot['samples'] = [];
    try {
      const sections = await runSections(this.#runner, this.#target, HEALTH_SECTIONS, {
        timeoutMs: this.#timeoutMs,
        maxOutputBytes: 4 * 1024 * 1024,
      });
      samples = mapHealth(sections);
      out.add('ssh.up', 1);
    } catch (error) {
      errors.push({ call: 'ssh:health', error: messageOf(error) });
      out.add('ssh.up', 0);
      return { resource: this.#resource, time, samples: out.samples, errors };
    }
    for (const check of this.#checks) {
      const labels = { check: check.name };
      try {
        const result = await this.#runner.run(this.#target, check.command, {
          timeoutMs: check.timeoutMs,
          maxOutputBytes: 64 * 1024,
        });
        const value = result.timedOut ? undefined : customCheckValue(result.stdout, result.exitCode);
        out.add('ssh.check.value', value, labels);
        out.add('ssh.check.ok', value === undefined ? 0 : 1, labels);
        if (result.timedOut) errors.push({ call: `ssh:check:${check.name}`, error: 'timed out' });
      } catch (error) {
        out.add('ssh.check.ok', 0, labels);
        errors.push({ call: `ssh:check:${check.name}`, error: messageOf(error) });
      }
    }
    return { resource: this.#resource, time, samples: [...samples, ...out.samples], errors };
  }

  /** Nothing slow to refresh over SSH: the health script reads everything each cycle. */
  async slow(): Promise<HostSnapshot> {
    return { resource: this.#resource, time: this.#clock.now(), samples: [], errors: [] };
  }

  async inventory(): Promise<HostInventory> {
    return this.#inventory ?? this.refreshInventory();
  }

  async refreshInventory(): Promise<HostInventory> {
    const batch = await collectSshInventory(this.#runner, this.#target, {
      timeoutMs: Math.max(this.#timeoutMs, 60_000),
      clock: this.#clock,
    });
    if (!this.#named && batch.cis[0]) this.#resource = batch.cis[0].name;
    this.#inventory = { ...batch, errors: [] };
    return this.#inventory;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
