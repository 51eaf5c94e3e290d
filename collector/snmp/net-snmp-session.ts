import snmp from 'net-snmp';
import { type SnmpCredential, securityLevel } from './credential.js';
import type { HostLookup, SnmpTransport } from './snmp-transport.js';

/** The subset of a net-snmp session vigil uses; tests inject a fake to produce faults (tooBig). */
export interface RawSession {
  get(oids: string[], cb: (error: Error | null, varbinds?: unknown[]) => void): unknown;
  getNext(oids: string[], cb: (error: Error | null, varbinds?: unknown[]) => void): unknown;
  getBulk(
    oids: string[],
    nonRepeaters: number,
    maxRepetitions: number,
    cb: (error: Error | null, varbinds?: unknown[]) => void,
  ): unknown;
  close(): unknown;
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/** Where a session talks to and how patiently. */
export interface SessionOptions {
  host: string;
  port: number;
  timeoutMs: number;
  retries: number;
  /** The UDP family (`chooseTransport`); without it an address with a `:` means udp6. */
  transport?: SnmpTransport;
  /** How the socket resolves a host name; `dns.lookup` without it. */
  lookup?: HostLookup;
}

/** Builds a raw session for a target and credential set; the default opens a real net-snmp one. */
export type SessionFactory = (options: SessionOptions, credential: SnmpCredential) => RawSession;

const AUTH = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
} as const;
const PRIV = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256b: snmp.PrivProtocols.aes256b,
  aes256r: snmp.PrivProtocols.aes256r,
} as const;
const LEVEL = {
  noAuthNoPriv: snmp.SecurityLevel.noAuthNoPriv,
  authNoPriv: snmp.SecurityLevel.authNoPriv,
  authPriv: snmp.SecurityLevel.authPriv,
} as const;

/** Opens a real net-snmp session (one UDP socket) for v1, v2c or v3. */
export const netSnmpSession: SessionFactory = (options, credential) => {
  const family = options.transport ?? (options.host.includes(':') ? 'udp6' : 'udp4');
  const common = {
    port: options.port,
    timeout: options.timeoutMs,
    retries: options.retries,
    backoff: 1,
    // net-snmp hands `transport` to dgram.createSocket as it is, so dgram's options object carries
    // a custom lookup to the socket (test/snmp-ipv6.test.ts proves it against a real snmpd).
    transport: (options.lookup ? { type: family, lookup: options.lookup } : family) as 'udp4' | 'udp6',
  };
  if (credential.version !== '3') {
    const version = credential.version === '1' ? snmp.Version1 : snmp.Version2c;
    return snmp.createSession(options.host, credential.community, {
      ...common,
      version,
    }) as unknown as RawSession;
  }
  const level = securityLevel(credential);
  const user: snmp.User = { name: credential.user, level: LEVEL[level] };
  if (level !== 'noAuthNoPriv') {
    user.authProtocol = AUTH[credential.authProtocol ?? 'sha'];
    user.authKey = credential.authKey!;
  }
  if (level === 'authPriv') {
    user.privProtocol = PRIV[credential.privProtocol ?? 'aes'];
    user.privKey = credential.privKey!;
  }
  return snmp.createV3Session(options.host, user, common) as unknown as RawSession;
};
