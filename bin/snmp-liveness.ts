import type { SnmpMonitorSinks, SnmpTarget } from '../collector/snmp/snmp-monitor.js';
import type { Liveness } from '../correlator/cmdb/liveness.js';

/** Longest time between the starts of two polls of a target: its interval plus a poll timing out. */
function pollPeriod(target: SnmpTarget): number {
  const { timeoutMs = 5000, retries = 1 } = target.tuning ?? {};
  return target.intervalMs + timeoutMs * (retries + 1);
}

/**
 * The SNMP monitor's `onPoll` sink for `vigil run`: every poll of a target goes to the liveness of
 * its `network_device` CI, found by the address it is polled on (its `managementAddress`
 * identifier), so a renamed or not yet inventoried device is still one subject.
 * `downAfterFailures` failed polls in a row make it down from the first; reports that stop for
 * that many poll periods and two more make it down too.
 */
export function snmpLivenessSink(
  liveness: Pick<Liveness, 'poll'>,
  downAfterFailures: number,
): NonNullable<SnmpMonitorSinks['onPoll']> {
  return (target, poll) => {
    liveness.poll(
      {
        name: poll.resource,
        ciClass: 'network_device',
        identifier: { kind: 'managementAddress', value: target.host },
      },
      poll.answered,
      { at: poll.at, staleAfterMs: (downAfterFailures + 2) * pollPeriod(target), downAfterFailures },
    );
  };
}
