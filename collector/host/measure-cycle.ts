import type { HostSnapshot } from './host-probe.js';

/** The cost of one fast cycle. */
export interface CycleCost {
  /** Wall-clock time of the cycle, ms. */
  wallMs: number;
  /**
   * CPU time of this process (user + system) during the cycle, ms. Excludes the child processes
   * systeminformation spawns (`df`, `lsblk`...), which `process.cpuUsage` cannot see; on Linux
   * the fast cycle reads /proc itself and spawns none (`bench/idle` adds children's CPU).
   */
  cpuMs: number;
  samples: number;
  errors: number;
}

/** Options of `measureCycleCpu`. */
export interface MeasureOptions {
  /** Cycles run first and not measured: the first `currentLoad` samples for 500 ms. Default 2. */
  warmupCycles?: number;
  /**
   * Pause before each cycle, ms. Default 1100: systeminformation serves `currentLoad`,
   * `fsStats`, `networkStats` from cache within about 500 ms, which would flatter the result.
   */
  spacingMs?: number;
}

/**
 * Measures what one fast cycle of a probe costs after warm-up, for `bench/host-cycle` and for
 * checking the agent's CPU budget on a real host.
 */
export async function measureCycleCpu(
  probe: { fast(): Promise<HostSnapshot> },
  { warmupCycles = 2, spacingMs = 1100 }: MeasureOptions = {},
): Promise<CycleCost> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, spacingMs));
  for (let i = 0; i < warmupCycles; i++) {
    await probe.fast();
    await pause();
  }
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const snapshot = await probe.fast();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    samples: snapshot.samples.length,
    errors: snapshot.errors.length,
  };
}
