import type { MetricSample } from '../sample.js';
import { asRecord, finiteNumber, percent } from './read-value.js';
import { SampleBuffer } from './sample-buffer.js';

/**
 * `si.mem()` -> memory and swap samples. Usage is based on `available` (what the kernel can
 * hand out without swapping), not `free`: Linux fills free memory with page cache, so
 * `free` makes every healthy host look full.
 */
export function mapMemory(mem: unknown): MetricSample[] {
  const out = new SampleBuffer();
  const m = asRecord(mem);
  if (!m) return out.samples;
  const total = finiteNumber(m['total']);
  const available = finiteNumber(m['available']);
  if (total !== undefined && available !== undefined) {
    out.add('memory.used_percent', percent(total - available, total));
    if (available >= 0 && available <= total) out.add('memory.available_bytes', available);
  }
  const swapTotal = finiteNumber(m['swaptotal']);
  const swapUsed = finiteNumber(m['swapused']);
  if (swapTotal === 0) out.add('swap.used_percent', 0);
  else out.add('swap.used_percent', percent(swapUsed, swapTotal));
  return out.samples;
}
