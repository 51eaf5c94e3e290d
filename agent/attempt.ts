import type { ProbeCallError } from '../collector/host/call-runner.js';

/**
 * Runs one step of a cycle (a probe operation or a sink); a thrown error is recorded as an
 * error of the cycle, which carries on, instead of ending it.
 */
export async function attempt<T>(
  call: string,
  run: () => Promise<T>,
  errors: ProbeCallError[],
): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    errors.push({ call, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
