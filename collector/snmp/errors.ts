import { VigilError } from '../../correlator/errors/vigil-error.js';

/**
 * Turns a net-snmp failure into a VigilError that says what to check. A v3 timeout gets the hint
 * that a wrong privacy key or protocol looks exactly like an unreachable device (net-snmp #119).
 */
export function snmpError(
  error: unknown,
  context: { host: string; port: number; timeoutMs: number; retries: number; v3: boolean },
): VigilError {
  if (error instanceof VigilError) return error;
  const e = error as { name?: string; message?: string; status?: number };
  const where = `${context.host}:${context.port}`;
  if (e?.name === 'RequestTimedOutError') {
    return new VigilError('VIGIL_ERR_SNMP_TIMEOUT', {
      target: where,
      timeoutMs: context.timeoutMs,
      retries: context.retries,
      hint: context.v3
        ? '; with SNMPv3 a wrong privKey or privProtocol also looks like this, so check the credential set'
        : '; check the address, port, community and that the agent allows this manager',
    });
  }
  return new VigilError('VIGIL_ERR_SNMP_REQUEST', {
    target: where,
    reason: String(e?.message ?? error).slice(0, 300),
  });
}

/** net-snmp's error-status of a failed request (1 = tooBig), when it has one. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}
