import { isIPv4, isIPv6 } from 'node:net';
import { VigilError } from '../correlator/errors/vigil-error.js';

/** A parsed `HOST:PORT` listen address; `host` carries no brackets (`::1`, not `[::1]`). */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Why `value` is not a usable `HOST:PORT`, or `null` when it is; config validation words its errors with it. */
export function listenProblem(value: string): string | null {
  const match = /^(\[[^\]]*\]|[^:[\]]*):(\d{1,5})$/.exec(value);
  if (!match) return 'expected HOST:PORT, with IPv6 hosts in brackets such as [::1]:9860';
  const host = match[1]!;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return `port ${match[2]} is outside 1..65535`;
  if (host.startsWith('[')) {
    return isIPv6(host.slice(1, -1)) ? null : `${host} is not an IPv6 address`;
  }
  if (host === '') return 'the host is missing; use 127.0.0.1 for local access or 0.0.0.0 for all interfaces';
  if (isIPv4(host) || HOSTNAME.test(host)) return null;
  return `${host} is neither an IPv4 address nor a host name`;
}

/**
 * Parses a listen address as written in the config and on the command line, so every socket
 * vigil opens is described the same way.
 * @example parseListen('[::1]:9860') // { host: '::1', port: 9860 }
 */
export function parseListen(value: string): ListenAddress {
  if (listenProblem(value) !== null) throw new VigilError('VIGIL_ERR_LISTEN_INVALID', { value });
  const split = value.lastIndexOf(':');
  const host = value.slice(0, split).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(value.slice(split + 1)) };
}

/** Formats a listen address back to `HOST:PORT` (brackets around IPv6 hosts), for logs and summaries. */
export function formatListen(address: ListenAddress): string {
  return isIPv6(address.host) ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
