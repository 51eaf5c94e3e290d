import { describe, expect, it } from 'vitest';
import {
  MOMENTARY_TRAP_HOLD_MS,
  STANDARD_TRAPS,
  trapToEvent,
  v1TrapOid,
  varbindsText,
} from './trap-events.js';
import { classifyReceiverError, decodePdu } from './trap-receiver.js';
import { SnmpType } from './varbind.js';

const AT = new Date('2026-01-01T00:00:00Z');

describe('v1TrapOid (RFC 3584)', () => {
  it('maps generic traps to snmpTraps and enterprise-specific ones to enterprise.0.specific', () => {
    expect(v1TrapOid('1.3.6.1.4.1.9', 2, 0)).toBe(STANDARD_TRAPS.linkDown);
    expect(v1TrapOid('1.3.6.1.4.1.9', 6, 17)).toBe('1.3.6.1.4.1.9.0.17');
  });
});

describe('trapToEvent', () => {
  it('ends restart and authenticationFailure alerts by themselves; link and unknown traps have no end', () => {
    const at = (trapOid: string) =>
      trapToEvent({ version: '2c', inform: false, sender: '10.0.0.1', trapOid, varbinds: [] }, 'sw', AT)
        .expiresAt;
    const end = AT.getTime() + MOMENTARY_TRAP_HOLD_MS;
    expect(MOMENTARY_TRAP_HOLD_MS).toBe(600_000);
    expect(at(STANDARD_TRAPS.coldStart)).toBe(end);
    expect(at(STANDARD_TRAPS.warmStart)).toBe(end);
    expect(at(STANDARD_TRAPS.authenticationFailure)).toBe(end);
    expect(at(STANDARD_TRAPS.linkDown)).toBeUndefined();
    expect(at(STANDARD_TRAPS.linkUp)).toBeUndefined();
    expect(at('1.3.6.1.4.1.9.0.17')).toBeUndefined();
  });
  it('linkDown without any interface varbind still has a stable dedup key', () => {
    const e = trapToEvent(
      { version: '2c', inform: false, sender: '10.0.0.1', trapOid: STANDARD_TRAPS.linkDown, varbinds: [] },
      'sw',
      AT,
    );
    expect(e).toMatchObject({
      status: 'firing',
      dedupKey: 'snmp|sw|interface.oper_status|unknown',
      time: AT.toISOString(),
    });
  });
  it('takes the interface name from ifName or ifDescr varbinds', () => {
    const e = trapToEvent(
      {
        version: '2c',
        inform: false,
        sender: '10.0.0.1',
        trapOid: STANDARD_TRAPS.linkDown,
        varbinds: [
          { oid: '1.3.6.1.2.1.31.1.1.1.1.4', type: SnmpType.OctetString, value: Buffer.from('Gi0/4') },
        ],
      },
      'sw',
      AT,
    );
    expect(e.summary).toBe('Gi0/4 on sw is down');
    expect(e.labels).toMatchObject({ ifIndex: '4', _ifName: 'Gi0/4' });
  });
  it('caps the varbind text of hostile traps and shows binary as hex', () => {
    const big = Array.from({ length: 500 }, (_, i) => ({
      oid: `1.3.6.1.4.1.1.${i}`,
      type: SnmpType.OctetString,
      value: Buffer.from([0xff, 0x00, i % 256]),
    }));
    const text = varbindsText(big);
    expect(text.length).toBeLessThanOrEqual(2051);
    expect(text).toContain('=0xff00');
  });
});

describe('decodePdu', () => {
  it('rejects PDUs without snmpTrapOID or with broken v1 fields', () => {
    expect(decodePdu({ type: 167, varbinds: [] }, 'x')).toBeNull();
    expect(decodePdu({ type: 167 }, 'x')).toBeNull();
    expect(decodePdu({ type: 164, enterprise: '1.3', generic: 'x' as never, specific: 0 }, 'x')).toBeNull();
  });
  it('drops sysUpTime and snmpTrapOID from the varbinds and tells v3 from v2c by the user', () => {
    const trap = decodePdu(
      {
        type: 166,
        user: 'u',
        varbinds: [
          { oid: '1.3.6.1.2.1.1.3.0', type: 67, value: 5 },
          { oid: '1.3.6.1.6.3.1.1.4.1.0', type: 6, value: '1.3.6.1.6.3.1.1.5.1' },
          { oid: '1.3.6.1.2.1.1.5.0', type: 4, value: Buffer.from('x') },
        ],
      },
      '10.0.0.9',
    )!;
    expect(trap).toMatchObject({
      version: '3',
      inform: true,
      trapOid: STANDARD_TRAPS.coldStart,
      sender: '10.0.0.9',
    });
    expect(trap.varbinds.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.1.5.0']);
  });
});

describe('classifyReceiverError', () => {
  it('tells refusals from malformed packets', () => {
    expect(classifyReceiverError(new Error('Local community not found for message with community x'))).toBe(
      'refused_community',
    );
    expect(classifyReceiverError(new Error('Local user not found for message with user y'))).toBe(
      'refused_user',
    );
    expect(classifyReceiverError(new Error('Failure to process incoming message'))).toBe('malformed');
  });
});
