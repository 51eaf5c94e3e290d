/**
 * The timer functions a scheduler needs, injected so tests fire timers by hand instead of
 * waiting. The callback's return value is passed through so a fake can await the work it starts.
 */
export interface Timers {
  setTimeout(callback: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real timers. Handles are unref'd: a pending probe cycle alone does not keep the process up. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
