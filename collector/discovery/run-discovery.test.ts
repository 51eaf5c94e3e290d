import { describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import { neighbourAddresses } from './link-neighbours.js';
import { type DiscoveryProgress, runDiscovery } from './run-discovery.js';
import type { DiscoverySource } from './source.js';
import { expandTargets } from './targets.js';

/** An in-memory source: a map of address -> neighbours' addresses, plus addresses that fail. */
function fakeSource(
  devices: Record<string, string[]>,
  failing: string[] = [],
): DiscoverySource & { peak: number } {
  let running = 0;
  const source = {
    name: 'fake',
    peak: 0,
    async probe(target: { host: string }): Promise<ObservationBatch | null> {
      running++;
      source.peak = Math.max(source.peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      if (failing.includes(target.host))
        throw new VigilError('VIGIL_ERR_SNMP_TIMEOUT', { target: target.host, timeoutMs: 1, retries: 0 });
      const neighbours = devices[target.host];
      if (!neighbours) return null;
      return {
        source: 'fake',
        observedAt: 0,
        cis: [
          {
            ref: 'd',
            class: 'network_device',
            name: target.host,
            identifiers: { sysName: target.host },
            attributes: {},
          },
          {
            ref: 'i',
            class: 'interface',
            name: 'p1',
            identifiers: { ifIndex: '1' },
            attributes: { neighbours: neighbours.map((a) => ({ protocol: 'lldp', remoteAddress: a })) },
          },
        ],
        relations: [{ from: 'd', to: 'i', type: 'contains' }],
      };
    },
  };
  return source;
}

describe('runDiscovery', () => {
  it('probes concurrently within the limit, counts silent and failed targets, reports progress', async () => {
    const source = fakeSource({ '10.0.0.1': [], '10.0.0.2': [] }, ['10.0.0.3']);
    const progress: DiscoveryProgress[] = [];
    const { targets } = expandTargets(['10.0.0.0/28']);
    const result = await runDiscovery({
      targets,
      sources: [source],
      concurrency: 3,
      targetTimeoutMs: 1000,
      onProgress: (p) => progress.push(p),
    });
    expect(result.findings.map((f) => f.target.host)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(result.failures).toEqual([
      expect.objectContaining({ code: 'VIGIL_ERR_SNMP_TIMEOUT', source: 'fake' }),
    ]);
    expect(result.silent).toBe(11);
    expect(result.probed).toBe(14);
    expect(source.peak).toBe(3);
    expect(progress.at(-1)).toMatchObject({ done: 14, total: 14, found: 2 });
  });

  it('crawls to neighbours inside the allowed ranges only, once each', async () => {
    const source = fakeSource({
      '10.0.0.1': ['10.0.0.2', '192.168.1.1'],
      '10.0.0.2': ['10.0.0.1', '10.0.0.3'],
      '10.0.0.3': ['10.0.0.2'],
    });
    const { targets, ranges } = expandTargets(['10.0.0.1']);
    const allowed = [...ranges, ...expandTargets(['10.0.0.0/24']).ranges];
    const result = await runDiscovery({
      targets,
      sources: [source],
      concurrency: 2,
      targetTimeoutMs: 1000,
      crawl: { ranges: allowed, neighbourAddresses, maxTargets: 100 },
    });
    expect(result.findings.map((f) => [f.target.host, f.crawled]).sort()).toEqual([
      ['10.0.0.1', false],
      ['10.0.0.2', true],
      ['10.0.0.3', true],
    ]);
    expect(result.probed).toBe(3);
  });
});
