import type { MetricSample } from '../sample.js';
import { asRecord, nonNegative } from './read-value.js';
import { SampleBuffer } from './sample-buffer.js';

/**
 * `si.fsStats()` and `si.disksIO()` -> host-wide disk throughput and IOPS. Both are rates
 * systeminformation derives from the previous call, so the first cycle yields none (null),
 * and a counter reset yields a negative rate, which is dropped.
 */
export function mapDiskIo(fsStats: unknown, disksIO: unknown): MetricSample[] {
  const out = new SampleBuffer();
  const stats = asRecord(fsStats);
  const io = asRecord(disksIO);
  out.add('disk.read_bytes_per_second', nonNegative(stats?.['rx_sec']));
  out.add('disk.write_bytes_per_second', nonNegative(stats?.['wx_sec']));
  out.add('disk.read_ops_per_second', nonNegative(io?.['rIO_sec']));
  out.add('disk.write_ops_per_second', nonNegative(io?.['wIO_sec']));
  return out.samples;
}
