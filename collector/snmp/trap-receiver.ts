import snmp from 'net-snmp';
import type { NativeEvent } from '../../correlator/model/event.js';
import type { SnmpCredential } from './credential.js';
import { type ReceivedTrap, trapToEvent, v1TrapOid } from './trap-events.js';
import { normaliseVarbind, type Varbind } from './varbind.js';

const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const PDU_TRAP_V1 = 164;
const PDU_INFORM = 166;

/** What happened to each packet the receiver got; one counter each. */
export type TrapOutcome =
  | 'accepted'
  | 'refused_community'
  | 'refused_user'
  | 'malformed'
  | 'unsupported'
  | 'dropped';

/** Options of the trap receiver (config `snmp.traps` with its credential sets resolved). */
export interface TrapReceiverOptions {
  host: string;
  port: number;
  /** Communities (v1/v2c) and users (v3) accepted; everything else is refused and counted. */
  credentials: readonly SnmpCredential[];
  /** Fixed engine ID (hex) so v3 informs and sender configs stay valid across restarts. */
  engineID?: string;
  /** The CI name for a sender address, or null to use the address itself. */
  resolveSender?: (address: string) => Promise<string | null>;
  /** Where events go (the correlator pipeline). Errors are counted as `dropped`, never thrown. */
  onEvents: (events: NativeEvent[]) => Promise<void>;
  onOutcome?: (outcome: TrapOutcome) => void;
  now?: () => number;
}

const AUTH = snmp.AuthProtocols as unknown as Record<string, number>;
const PRIV = snmp.PrivProtocols as unknown as Record<string, number>;

/** Classifies a receiver error: wrong community, unknown/unauthenticated user, or a bad packet. */
export function classifyReceiverError(error: { name?: string; message?: string }): TrapOutcome {
  const message = error.message ?? '';
  if (/community/i.test(message)) return 'refused_community';
  if (/user|digest|decrypt|authenticat/i.test(message)) return 'refused_user';
  if (/Only SNMPv3 discovery|Unexpected PDU type/.test(message)) return 'unsupported';
  return 'malformed';
}

/**
 * The SNMP trap and inform receiver: v1, v2c and v3 (informs are acknowledged by net-snmp), with
 * the configured communities and users. Every packet ends in exactly one counted outcome; garbage,
 * truncated packets and refused credentials are counted and never stop the receiver. Accepted
 * traps become native events bound to the sender's CI.
 */
export class TrapReceiver {
  readonly counts: Record<TrapOutcome, number> = {
    accepted: 0,
    refused_community: 0,
    refused_user: 0,
    malformed: 0,
    unsupported: 0,
    dropped: 0,
  };
  readonly #options: TrapReceiverOptions;
  #receiver: ReturnType<typeof snmp.createReceiver> | null = null;

  constructor(options: TrapReceiverOptions) {
    this.#options = options;
  }

  #count(outcome: TrapOutcome): void {
    this.counts[outcome]++;
    this.#options.onOutcome?.(outcome);
  }

  /** Binds the UDP socket; resolves once listening, rejects when the address cannot be bound. */
  async start(): Promise<void> {
    const o = this.#options;
    let bindError: ((e: Error) => void) | null = null;
    const receiver = snmp.createReceiver(
      {
        port: o.port,
        address: o.host,
        transport: o.host.includes(':') ? 'udp6' : 'udp4',
        includeAuthentication: true,
        ...(o.engineID ? { engineID: o.engineID } : {}),
      } as never,
      (error: (Error & { code?: string }) | null, data?: unknown) => {
        if (error) {
          if (bindError && error.code) {
            bindError(error);
            return;
          }
          this.#count(classifyReceiverError(error));
          return;
        }
        void this.#handle(data as { pdu: RawPdu; rinfo: { address: string } });
      },
    );
    this.#receiver = receiver;
    const authorizer = receiver.getAuthorizer();
    for (const c of o.credentials) {
      if (c.version !== '3') authorizer.addCommunity(c.community);
      else {
        const level = c.privKey
          ? snmp.SecurityLevel.authPriv
          : c.authKey
            ? snmp.SecurityLevel.authNoPriv
            : snmp.SecurityLevel.noAuthNoPriv;
        authorizer.addUser({
          name: c.user,
          level,
          ...(c.authKey ? { authProtocol: AUTH[c.authProtocol ?? 'sha'], authKey: c.authKey } : {}),
          ...(c.privKey ? { privProtocol: PRIV[c.privProtocol ?? 'aes'], privKey: c.privKey } : {}),
        } as never);
      }
    }
    const sockets = Object.values(
      (receiver as unknown as { listener: { sockets: Record<string, import('node:dgram').Socket> } }).listener
        .sockets,
    );
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve, reject) => {
            bindError = reject;
            socket.once('listening', () => {
              bindError = null;
              resolve();
            });
          }),
      ),
    );
  }

  async #handle(data: { pdu: RawPdu; rinfo: { address: string } }): Promise<void> {
    let trap: ReceivedTrap | null;
    try {
      trap = decodePdu(data.pdu, data.rinfo.address);
    } catch {
      trap = null;
    }
    if (!trap) {
      this.#count('malformed');
      return;
    }
    try {
      const resource = (await this.#options.resolveSender?.(trap.sender).catch(() => null)) ?? trap.sender;
      const event = trapToEvent(trap, resource, new Date((this.#options.now ?? Date.now)()));
      await this.#options.onEvents([event]);
      this.#count('accepted');
    } catch {
      this.#count('dropped');
    }
  }

  /** Closes the socket. */
  close(): Promise<void> {
    const receiver = this.#receiver;
    this.#receiver = null;
    if (!receiver) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        receiver.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** The PDU fields net-snmp's receiver hands over. */
export interface RawPdu {
  type: number;
  varbinds?: Array<{ oid: string; type?: number; value?: unknown }>;
  enterprise?: string;
  agentAddr?: string;
  generic?: number;
  specific?: number;
  community?: string;
  user?: string;
}

/** Decodes a received PDU into a ReceivedTrap, or null when it lacks what a trap must carry. */
export function decodePdu(pdu: RawPdu, sender: string): ReceivedTrap | null {
  const raw = Array.isArray(pdu.varbinds) ? pdu.varbinds : [];
  const varbinds = raw.map((v) => normaliseVarbind(v)).filter((v): v is Varbind => v !== null);
  if (pdu.type === PDU_TRAP_V1) {
    if (
      typeof pdu.enterprise !== 'string' ||
      typeof pdu.generic !== 'number' ||
      typeof pdu.specific !== 'number'
    )
      return null;
    return {
      version: '1',
      inform: false,
      sender,
      trapOid: v1TrapOid(pdu.enterprise, pdu.generic, pdu.specific),
      varbinds,
      ...(typeof pdu.agentAddr === 'string' ? { agentAddr: pdu.agentAddr } : {}),
    };
  }
  const trapOid = varbinds.find((v) => v.oid === SNMP_TRAP_OID)?.value;
  if (typeof trapOid !== 'string') return null;
  return {
    version: pdu.user !== undefined ? '3' : '2c',
    inform: pdu.type === PDU_INFORM,
    sender,
    trapOid,
    varbinds: varbinds.filter((v) => v.oid !== SNMP_TRAP_OID && v.oid !== SYS_UPTIME),
  };
}
