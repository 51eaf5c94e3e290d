import type { MetricSample } from '../sample.js';
import { asRecord, finiteNumber } from './read-value.js';
import { SampleBuffer } from './sample-buffer.js';

/**
 * `time()` -> uptime and boot time. Boot time is the kernel's `bootTime` when the source has it
 * (the procfs port reads `btime`), else `current - uptime` rounded to whole seconds; a change of
 * it (or an uptime that drops) is how a reboot shows up.
 */
export function mapHostTime(time: unknown, fallbackNowMs: number): MetricSample[] {
  const out = new SampleBuffer();
  const t = asRecord(time);
  const uptime = finiteNumber(t?.['uptime']);
  if (uptime === undefined || uptime < 0) return out.samples;
  out.add('host.uptime_seconds', uptime);
  const bootTime = finiteNumber(t?.['bootTime']);
  if (bootTime !== undefined && bootTime > 0) {
    out.add('host.boot_time_seconds', bootTime);
    return out.samples;
  }
  const current = finiteNumber(t?.['current']) ?? fallbackNowMs;
  out.add('host.boot_time_seconds', Math.round(current / 1000 - uptime));
  return out.samples;
}
