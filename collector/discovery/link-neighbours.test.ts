import { describe, expect, it } from 'vitest';
import type { JsonValue, ObservationBatch } from '../../correlator/model/observation.js';
import { linkNeighbours, neighbourAddresses, samePort } from './link-neighbours.js';

function device(
  name: string,
  ports: Array<{ ifIndex: number; name: string; neighbours?: unknown[] }>,
  extra: Record<string, JsonValue> = {},
): ObservationBatch {
  return {
    source: 'snmp',
    observedAt: 0,
    cis: [
      {
        ref: 'device',
        class: 'network_device',
        name,
        identifiers: { sysName: name },
        attributes: { ...extra },
      },
      ...ports.map((p) => ({
        ref: `if:${p.ifIndex}`,
        class: 'interface' as const,
        name: p.name,
        identifiers: { ifIndex: String(p.ifIndex) },
        attributes: (p.neighbours
          ? { ifName: p.name, neighbours: p.neighbours }
          : { ifName: p.name }) as Record<string, JsonValue>,
      })),
    ],
    relations: ports.map((p) => ({ from: 'device', to: `if:${p.ifIndex}`, type: 'contains' as const })),
  };
}

describe('samePort', () => {
  it('matches full and abbreviated names with the same numbers only', () => {
    expect(samePort('GigabitEthernet1/0/8', 'Gi1/0/8')).toBe(true);
    expect(samePort('Te1/1', 'TenGigabitEthernet1/1')).toBe(true);
    expect(samePort('ge-0/0/5', 'ge-0/0/5')).toBe(true);
    expect(samePort('Gi1/0/8', 'Gi1/0/18')).toBe(false);
    expect(samePort('G1/0/8', 'GigabitEthernet1/0/8')).toBe(false);
    expect(samePort('Fa1/0/8', 'GigabitEthernet1/0/8')).toBe(false);
  });
});

describe('linkNeighbours', () => {
  it('a link reported by one end only is a candidate with lower confidence', () => {
    const a = device('core-sw-1', [
      {
        ifIndex: 24,
        name: 'Gi1/0/24',
        neighbours: [{ protocol: 'lldp', remoteName: 'edge-sw-2.example.net', remotePort: 'ge-0/0/5' }],
      },
    ]);
    const b = device('edge-sw-2', [{ ifIndex: 5, name: 'ge-0/0/5' }]);
    const { batch, links, unresolved } = linkNeighbours([a, b], 1000);
    expect(unresolved).toEqual([]);
    expect(links).toEqual([
      {
        from: { device: 'core-sw-1', interface: 'Gi1/0/24' },
        to: { device: 'edge-sw-2', interface: 'ge-0/0/5' },
        protocols: ['lldp'],
        confirmed: false,
        confidence: 0.6,
      },
    ]);
    const rel = batch!.relations.find((r) => r.type === 'connected_to')!;
    expect(rel).toMatchObject({ confidence: 0.6, source: 'snmp:lldp' });
    // The link batch carries the devices and interfaces with their identifiers but no attributes.
    expect(batch!.cis.every((c) => Object.keys(c.attributes).length === 0)).toBe(true);
    expect(batch!.relations.filter((r) => r.type === 'contains')).toHaveLength(2);
  });

  it('both ends over LLDP and CDP confirm one link, and neighbours match by address too', () => {
    const a = device('a', [
      {
        ifIndex: 1,
        name: 'Gi0/1',
        neighbours: [{ protocol: 'cdp', remoteAddress: '10.0.0.2', remotePort: 'GigabitEthernet0/2' }],
      },
    ]);
    const b = device(
      'b',
      [
        {
          ifIndex: 2,
          name: 'Gi0/2',
          neighbours: [{ protocol: 'lldp', remoteName: 'A', remotePort: 'Gi0/1' }],
        },
      ],
      { addresses: ['10.0.0.2'] },
    );
    const { links } = linkNeighbours([a, b], 0);
    expect(links).toEqual([
      expect.objectContaining({ confirmed: true, confidence: 1, protocols: ['cdp', 'lldp'] }),
    ]);
  });

  it('reports unknown neighbours and ignores hostile attribute shapes', () => {
    const a = device('a', [
      {
        ifIndex: 1,
        name: 'Gi0/1',
        neighbours: [
          { protocol: 'lldp', remoteName: 'ghost', remotePort: 'x' },
          'junk',
          null,
          [1],
          { remoteName: 5 },
        ],
      },
    ]);
    const { batch, unresolved } = linkNeighbours([a], 0);
    expect(batch).toBeNull();
    expect(unresolved.map((u) => u.report.remoteName)).toEqual(['ghost', undefined]);
    expect(
      neighbourAddresses(
        device('x', [
          { ifIndex: 1, name: 'p', neighbours: [{ protocol: 'cdp', remoteAddress: '10.1.1.1' }] },
        ]),
      ),
    ).toEqual(['10.1.1.1']);
  });
});
