import type { MetricSample } from '../sample.js';
import { asArray, asRecord, nonNegative, text } from './read-value.js';
import { SampleBuffer } from './sample-buffer.js';

/** Operational states that mean "down"; anything else but `up` (unknown, dormant) yields no sample. */
const DOWN_STATES = new Set(['down', 'lowerlayerdown', 'notpresent']);

/**
 * `si.networkStats(...)` -> per-interface samples for monitored interfaces: oper state, rates
 * and error/drop counters. `unknown` state (loopback, a removed NIC) yields no oper sample
 * rather than a false "down".
 */
export function mapNetworkStats(
  stats: unknown,
  isMonitored: (name: string) => boolean,
  maxInterfaces: number,
): MetricSample[] {
  const out = new SampleBuffer();
  const seen = new Set<string>();
  for (const raw of asArray(stats)) {
    const entry = asRecord(raw);
    const name = text(entry?.['iface']);
    if (!entry || !name || seen.has(name) || seen.size >= maxInterfaces || !isMonitored(name)) continue;
    seen.add(name);
    const labels = { interface: name };
    const state = text(entry['operstate'])?.toLowerCase();
    if (state === 'up') out.add('network.oper_up', 1, labels);
    else if (state && DOWN_STATES.has(state)) out.add('network.oper_up', 0, labels);
    out.add('network.rx_bytes_per_second', nonNegative(entry['rx_sec']), labels);
    out.add('network.tx_bytes_per_second', nonNegative(entry['tx_sec']), labels);
    out.add('network.rx_errors_total', nonNegative(entry['rx_errors']), labels);
    out.add('network.tx_errors_total', nonNegative(entry['tx_errors']), labels);
    out.add('network.rx_dropped_total', nonNegative(entry['rx_dropped']), labels);
    out.add('network.tx_dropped_total', nonNegative(entry['tx_dropped']), labels);
  }
  return out.samples;
}
