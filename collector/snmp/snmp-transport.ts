import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';

/** The UDP family a device's session uses. */
export type SnmpTransport = 'udp4' | 'udp6';

/**
 * How host names are resolved: `dns.lookup`'s callback form, which is also what a dgram socket
 * takes as its `lookup` option (tests inject one to give a name only an IPv6 address).
 */
export type HostLookup = typeof dnsLookup;

/**
 * The UDP family to reach `host` over. An address literal decides by itself; a name is looked up,
 * and goes over udp4 when it has an IPv4 address (as before, so dual-stack names are unchanged)
 * and over udp6 when it has only IPv6 ones: a udp4 socket could never reach those. Null when the
 * name does not resolve now: the caller goes over udp4 (its request reports the resolution error
 * with its VIGIL_ERR code) and decides again later.
 */
export function chooseTransport(host: string, lookup: HostLookup = dnsLookup): Promise<SnmpTransport | null> {
  const family = isIP(host);
  if (family !== 0) return Promise.resolve(family === 6 ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    lookup(host, { all: true }, (error, addresses) => {
      if (error || addresses.length === 0) resolve(null);
      else resolve(addresses.every((a) => a.family === 6) ? 'udp6' : 'udp4');
    });
  });
}
