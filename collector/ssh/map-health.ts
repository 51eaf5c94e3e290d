import { selectFilesystems } from '../host/filesystem-selection.js';
import { mapCpu } from '../host/map-cpu.js';
import { mapFilesystems } from '../host/map-filesystem.js';
import { mapMemory } from '../host/map-memory.js';
import { memoryFromMeminfo, parseMeminfo } from '../host/parse-meminfo.js';
import { resolveProbeOptions } from '../host/probe-options.js';
import { SampleBuffer } from '../host/sample-buffer.js';
import type { MetricSample } from '../sample.js';
import { dfFsType, parseDf } from './parse/parse-df.js';
import { parseCount, parseLoadavg, parseUptime } from './parse/parse-loadavg.js';
import { parseSystemctlFailed } from './parse/parse-systemctl-failed.js';

const defaults = resolveProbeOptions({}, 'ssh');

/**
 * The health script's sections -> samples with the local host probe's names and labels
 * (`filesystem.used_percent{mount,fstype}`, `memory.used_percent`, `swap.used_percent`,
 * `cpu.load1_per_core`, `host.uptime_seconds`), so the host threshold rules apply to SSH targets
 * unchanged, plus `systemd.failed_units` where systemd answers. Missing sections add nothing.
 */
export function mapHealth(sections: ReadonlyMap<string, string>): MetricSample[] {
  const get = (name: string) => sections.get(name) ?? '';
  const fsSize = parseDf(get('df')).map((e) => ({
    fs: e.device,
    type: dfFsType(e),
    size: e.sizeBytes,
    used: e.usedBytes,
    available: e.availableBytes,
    mount: e.mount,
  }));
  const samples = [
    ...mapFilesystems(selectFilesystems(fsSize, defaults), new Map()),
    ...mapMemory(memoryFromMeminfo(parseMeminfo(get('meminfo')))),
    ...mapCpu(undefined, parseLoadavg(get('loadavg'))?.load1, parseCount(get('nproc'))),
  ];
  const out = new SampleBuffer();
  out.add('host.uptime_seconds', parseUptime(get('uptime')));
  // Empty output means "none failed", so an absent section (output cut before its marker) must
  // not be read as empty.
  const failed = sections.has('systemctl-failed') ? parseSystemctlFailed(get('systemctl-failed')) : undefined;
  out.add('systemd.failed_units', failed?.length);
  return [...samples, ...out.samples];
}

/**
 * A custom check's output -> its value: the first number printed on stdout, or, when it prints
 * none, the exit status (so `above: 0` alerts on a failing command).
 */
export function customCheckValue(stdout: string, exitCode: number | null): number | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(\s|$)/.exec(stdout.slice(0, 1024));
  if (match) {
    const value = Number(match[1]);
    return Number.isFinite(value) ? value : undefined;
  }
  return exitCode ?? undefined;
}
