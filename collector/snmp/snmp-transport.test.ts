import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { chooseTransport, type HostLookup } from './snmp-transport.js';

/** A lookup that answers from a table (no DNS), failing like dns.lookup for unknown names. */
function tableLookup(table: Record<string, LookupAddress[]>, asked: string[] = []): HostLookup {
  return ((host: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) => {
    asked.push(host);
    const found = table[host];
    if (found) callback(null, found);
    else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
  }) as unknown as HostLookup;
}

describe('chooseTransport', () => {
  const table = {
    'v4.example': [{ address: '192.0.2.10', family: 4 }],
    'dual.example': [
      { address: '2001:db8::10', family: 6 },
      { address: '192.0.2.10', family: 4 },
    ],
    'v6.example': [
      { address: '2001:db8::10', family: 6 },
      { address: '2001:db8::11', family: 6 },
    ],
  };

  it('decides address literals without a lookup', async () => {
    const asked: string[] = [];
    const lookup = tableLookup(table, asked);
    expect(await chooseTransport('192.0.2.1', lookup)).toBe('udp4');
    expect(await chooseTransport('::1', lookup)).toBe('udp6');
    expect(await chooseTransport('fd00::10', lookup)).toBe('udp6');
    expect(asked).toEqual([]);
  });

  it('reaches a name with only IPv6 addresses over udp6, any name with an IPv4 address over udp4', async () => {
    const lookup = tableLookup(table);
    expect(await chooseTransport('v6.example', lookup)).toBe('udp6');
    expect(await chooseTransport('v4.example', lookup)).toBe('udp4');
    expect(await chooseTransport('dual.example', lookup)).toBe('udp4');
  });

  it('decides nothing for a name that does not resolve now (the client tries udp4 and asks again)', async () => {
    expect(await chooseTransport('nowhere.example', tableLookup(table))).toBeNull();
    expect(await chooseTransport('empty.example', tableLookup({ 'empty.example': [] }))).toBeNull();
  });
});
