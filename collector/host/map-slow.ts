import type { MetricSample } from '../sample.js';
import type { InterfaceInfo } from './network-interface.js';
import { SampleBuffer } from './sample-buffer.js';

/**
 * Monitored interfaces of the latest `si.networkInterfaces()` -> link facts that change
 * rarely: negotiated speed (a gigabit port falling back to 100 Mbit/s) and carrier changes
 * (a flapping link shows as a growing counter).
 */
export function mapSlowSamples(interfaces: readonly InterfaceInfo[]): MetricSample[] {
  const out = new SampleBuffer();
  for (const info of interfaces) {
    const labels = { interface: info.name };
    out.add('network.link_speed_mbps', info.speedMbps, labels);
    out.add('network.carrier_changes_total', info.carrierChanges, labels);
  }
  return out.samples;
}
