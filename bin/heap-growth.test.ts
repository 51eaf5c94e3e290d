import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_ENV, HEAP_GROWING_PERCENT, limitHeapGrowth } from './heap-growth.js';

const MODULE = fileURLToPath(new URL('./heap-growth.ts', import.meta.url));

/**
 * A child process shaped like an ingest loop: 40 batches in flight (so each batch outlives a few
 * scavenges and is promoted), each with 2,000 small records and a large body string; prints the
 * largest heap V8 committed while it ran.
 */
function peakHeapMb(envValue: string): { set: number | null; peakMb: number } {
  const script = `
    const { limitHeapGrowth } = await import(${JSON.stringify(MODULE)});
    const set = limitHeapGrowth('server');
    const inFlight = new Array(40).fill(null);
    let peak = 0;
    for (let i = 0; i < 1000; i++) {
      const records = [];
      for (let j = 0; j < 2000; j++) records.push({ id: 'r-' + i + '-' + j, n: j, labels: { a: 'x' + j } });
      inFlight[i % inFlight.length] = { records, body: JSON.stringify(records).slice(0, 300000) };
      if (i % 10 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
    console.log(JSON.stringify({ set, peakMb: peak / 1048576 }));
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, [HEAP_GROWING_ENV]: envValue },
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { set: number | null; peakMb: number };
}

describe('limitHeapGrowth', () => {
  it("applies the command's percent by default and the value of VIGIL_HEAP_GROWING_PERCENT, trimmed; 0 leaves V8 alone", () => {
    expect(limitHeapGrowth('server', {})).toBe(30);
    expect(limitHeapGrowth('agent', {})).toBe(30);
    expect(limitHeapGrowth('run', { [HEAP_GROWING_ENV]: '' })).toBe(100);
    expect(limitHeapGrowth('run', { [HEAP_GROWING_ENV]: ' 50 ' })).toBe(50);
    expect(limitHeapGrowth('server', { [HEAP_GROWING_ENV]: '0' })).toBeNull();
    limitHeapGrowth('server', {});
  });

  it.each(['abc', '-5', '401', '1e3', '30.5', '0x20', '9'.repeat(5000)])(
    'refuses %s with VIGIL_ERR_ENV_INVALID naming the variable and the range',
    (value) => {
      const error = (() => {
        try {
          limitHeapGrowth('server', { [HEAP_GROWING_ENV]: value });
        } catch (e) {
          return e as { code: string; message: string };
        }
        return null;
      })();
      expect(error?.code).toBe('VIGIL_ERR_ENV_INVALID');
      expect(error?.message).toContain(HEAP_GROWING_ENV);
      expect(error?.message).toContain('from 0 (V8 default) to 400');
      // A hostile value is not echoed whole.
      expect(error!.message.length).toBeLessThan(200);
    },
  );

  it('keeps the committed heap of a batch-shaped workload well below what V8 lets it reach by default', () => {
    const tuned = peakHeapMb('');
    const untouched = peakHeapMb('0');
    expect(tuned.set).toBe(HEAP_GROWING_PERCENT.server);
    expect(untouched.set).toBeNull();
    expect(tuned.peakMb).toBeLessThan(untouched.peakMb * 0.8);
  }, 120_000);
});
