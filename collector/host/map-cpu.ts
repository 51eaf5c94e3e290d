import type { MetricSample } from '../sample.js';
import { asRecord, finiteNumber } from './read-value.js';
import { SampleBuffer } from './sample-buffer.js';

/**
 * `si.currentLoad()` and the 1-minute load average -> CPU samples. The load average is divided
 * by the CPU count so one threshold (`cpu.load1_per_core > 2`) fits hosts of every size.
 */
export function mapCpu(
  currentLoad: unknown,
  load1: number | undefined,
  cpuCount: number | undefined,
): MetricSample[] {
  const out = new SampleBuffer();
  const loadPercent = finiteNumber(asRecord(currentLoad)?.['currentLoad']);
  if (loadPercent !== undefined && loadPercent >= 0 && loadPercent <= 100)
    out.add('cpu.load_percent', loadPercent);
  const load = finiteNumber(load1);
  const cores = finiteNumber(cpuCount);
  if (load !== undefined && load >= 0 && cores !== undefined && cores > 0)
    out.add('cpu.load1_per_core', load / cores);
  return out.samples;
}
