import type { NativeEvent } from '../../correlator/model/event.js';
import { int, text } from './values.js';
import type { Varbind } from './varbind.js';

/** A trap or inform as the receiver decoded it, before it becomes an event. */
export interface ReceivedTrap {
  /** `1` for v1 Trap-PDUs, `2c` or `3` for SNMPv2-Trap and InformRequest PDUs. */
  version: '1' | '2c' | '3';
  inform: boolean;
  /** UDP source address of the packet (what binds the trap to a CI). */
  sender: string;
  /** snmpTrapOID (v2c/v3), or the RFC 3584 translation of a v1 trap. */
  trapOid: string;
  /** Varbinds without sysUpTime.0 and snmpTrapOID.0. */
  varbinds: Varbind[];
  /** v1 only: the agent-addr field. */
  agentAddr?: string;
}

/** snmpTraps (SNMPv2-MIB) OIDs of the standard traps. */
export const STANDARD_TRAPS = {
  coldStart: '1.3.6.1.6.3.1.1.5.1',
  warmStart: '1.3.6.1.6.3.1.1.5.2',
  linkDown: '1.3.6.1.6.3.1.1.5.3',
  linkUp: '1.3.6.1.6.3.1.1.5.4',
  authenticationFailure: '1.3.6.1.6.3.1.1.5.5',
} as const;

const GENERIC_V1 = [
  STANDARD_TRAPS.coldStart,
  STANDARD_TRAPS.warmStart,
  STANDARD_TRAPS.linkDown,
  STANDARD_TRAPS.linkUp,
  STANDARD_TRAPS.authenticationFailure,
  '1.3.6.1.6.3.1.1.5.6',
];

/** RFC 3584 section 3.1: the snmpTrapOID of a v1 trap from its enterprise, generic and specific fields. */
export function v1TrapOid(enterprise: string, generic: number, specific: number): string {
  if (generic >= 0 && generic <= 5) return GENERIC_V1[generic]!;
  return `${enterprise}.0.${specific}`;
}

const IF_INDEX = '1.3.6.1.2.1.2.2.1.1.';
const IF_DESCR = '1.3.6.1.2.1.2.2.1.2.';
const IF_ADMIN = '1.3.6.1.2.1.2.2.1.7.';
const IF_OPER = '1.3.6.1.2.1.2.2.1.8.';
const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1.';

/** The interface a linkDown/linkUp is about: ifIndex from its varbinds (value or instance suffix). */
function linkInfo(varbinds: readonly Varbind[]): { ifIndex?: string; ifName?: string; adminDown: boolean } {
  let ifIndex: string | undefined;
  let ifName: string | undefined;
  let adminDown = false;
  for (const vb of varbinds) {
    for (const prefix of [IF_INDEX, IF_ADMIN, IF_OPER, IF_DESCR, IF_NAME]) {
      if (vb.oid.startsWith(prefix) && /^\d+$/.test(vb.oid.slice(prefix.length)))
        ifIndex ??= vb.oid.slice(prefix.length);
    }
    if (vb.oid.startsWith(IF_NAME)) ifName = text(vb.value, 255) ?? ifName;
    if (vb.oid.startsWith(IF_DESCR)) ifName ??= text(vb.value, 255);
    if (vb.oid.startsWith(IF_ADMIN) && int(vb.value) === 2) adminDown = true;
  }
  return { ...(ifIndex ? { ifIndex } : {}), ...(ifName ? { ifName } : {}), adminDown };
}

/** Varbinds as compact text for a label, capped so a huge trap cannot bloat an alert. */
export function varbindsText(varbinds: readonly Varbind[], max = 2048): string {
  const parts = varbinds.map((vb) => {
    const v = vb.value;
    const shown = Buffer.isBuffer(v) ? (text(v, 200) ?? `0x${v.subarray(0, 64).toString('hex')}`) : String(v);
    return `${vb.oid}=${shown}`;
  });
  const joined = parts.join(' ');
  return joined.length > max ? `${joined.slice(0, max)}...` : joined;
}

/**
 * How long a restart or authentication-failure trap keeps its alert firing unless the trap comes
 * again. These traps report a moment, not a state, and no trap clears them, so without an end they
 * would hold an alert (and an incident) open forever; like Zabbix's "restarted within the last
 * 10 minutes", the alert resolves by itself 10 minutes after the last such trap.
 */
export const MOMENTARY_TRAP_HOLD_MS = 10 * 60_000;

/**
 * Turns a trap into a native event. Standard traps get their own checks and categories:
 * linkDown/linkUp share `interface.oper_status` and one dedup key per interface, so linkUp resolves
 * the matching linkDown; a linkDown of an administratively down port is not a fault; restart and
 * authenticationFailure alerts end by themselves after `MOMENTARY_TRAP_HOLD_MS`. Any other trap
 * becomes a generic `snmp.trap` event carrying its varbinds (it stays until someone resolves it).
 */
export function trapToEvent(trap: ReceivedTrap, resource: string, at: Date): NativeEvent {
  const base = { source: 'snmp', resource, time: at.toISOString() };
  switch (trap.trapOid) {
    case STANDARD_TRAPS.linkDown:
    case STANDARD_TRAPS.linkUp: {
      const link = linkInfo(trap.varbinds);
      const down = trap.trapOid === STANDARD_TRAPS.linkDown;
      const port = link.ifName ?? (link.ifIndex ? `ifIndex ${link.ifIndex}` : 'an interface');
      const firing = down && !link.adminDown;
      return {
        ...base,
        check: 'interface.oper_status',
        severity: firing ? 'major' : 'ok',
        status: firing ? 'firing' : 'resolved',
        summary: down
          ? `${port} on ${resource} is down${link.adminDown ? ' (administratively)' : ''}`
          : `${port} on ${resource} is up`,
        labels: {
          category: 'network',
          ...(link.ifIndex ? { ifIndex: link.ifIndex } : {}),
          ...(link.ifName ? { _ifName: link.ifName } : {}),
          _sender: trap.sender,
          _trapOid: trap.trapOid,
        },
        dedupKey: `snmp|${resource}|interface.oper_status|${link.ifIndex ?? 'unknown'}`,
      };
    }
    case STANDARD_TRAPS.coldStart:
    case STANDARD_TRAPS.warmStart: {
      const cold = trap.trapOid === STANDARD_TRAPS.coldStart;
      return {
        ...base,
        check: 'device.restart',
        severity: cold ? 'warning' : 'info',
        status: 'firing',
        summary: `${resource} ${cold ? 'restarted (coldStart)' : 'reinitialised (warmStart)'}`,
        labels: { category: 'availability', trap: cold ? 'coldStart' : 'warmStart', _sender: trap.sender },
        expiresAt: at.getTime() + MOMENTARY_TRAP_HOLD_MS,
      };
    }
    case STANDARD_TRAPS.authenticationFailure:
      return {
        ...base,
        check: 'snmp.authentication_failure',
        severity: 'warning',
        status: 'firing',
        summary: `${resource} reports an SNMP request with wrong credentials (authenticationFailure)`,
        labels: { category: 'security', _sender: trap.sender },
        expiresAt: at.getTime() + MOMENTARY_TRAP_HOLD_MS,
      };
    default:
      return {
        ...base,
        check: 'snmp.trap',
        severity: 'warning',
        status: 'firing',
        summary: `trap ${trap.trapOid} from ${resource}${trap.varbinds.length ? `: ${varbindsText(trap.varbinds, 200)}` : ''}`,
        labels: {
          category: 'other',
          trapOid: trap.trapOid,
          _varbinds: varbindsText(trap.varbinds),
          _sender: trap.sender,
        },
      };
  }
}
