/** Result of sending a workload of batches. */
export interface LoadResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** The value at quantile `q` of sorted numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Sends pre-serialised request bodies to `url` (several: in turn) with `concurrency` requests in
 * flight and measures each request's latency (sent -> acknowledged). Bounded: it sends exactly
 * the bodies given.
 */
export async function sendBatches(
  url: string | readonly string[],
  headers: Record<string, string>,
  bodies: string[],
  eventsPerBody: number,
  concurrency: number,
  expectStatus: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const urls = typeof url === 'string' ? [url] : url;
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      const body = bodies[index]!;
      const t0 = performance.now();
      const res = await fetch(urls[index % urls.length]!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== expectStatus) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const events = bodies.length * eventsPerBody;
  return {
    events,
    seconds,
    eventsPerSecond: events / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    failures,
  };
}
