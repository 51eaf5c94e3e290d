import { quoteArgument, quoteArgv } from './shell-quote.js';

/**
 * The wrapper that makes a remote timeout real. Sent to `sh -c` with the user's argv as its
 * positional parameters ("$@"), after the time limit, so no argument is ever re-parsed by a shell. When coreutils (or
 * a new BusyBox) `timeout` with `-k` works, the command runs under it: sshd does not forward
 * signals for root logins (no privilege separation) and keeps the channel until the child exits,
 * so only a remote timer reliably stops it. stdin is /dev/null so a command never waits on it.
 */
const WRAPPER =
  't=$1; shift; if timeout -k 1 5 true >/dev/null 2>&1; then exec timeout -k 2 "$t" "$@" </dev/null; fi; exec "$@" </dev/null';

/**
 * Exit statuses of `timeout` when it stopped the command: coreutils exits 124 after TERM and
 * 137 after the -k KILL; 143 is TERM as a shell in between reports it.
 */
export const REMOTE_TIMEOUT_EXIT_CODES: ReadonlySet<number> = new Set([124, 137, 143]);

/**
 * Signals that end a command stopped by BusyBox `timeout`: it execs the command itself and a
 * forked watcher signals it, so sshd reports the signal (exit-signal TERM, then KILL after -k)
 * instead of an exit status. ssh2 names them `SIGTERM`; the bare names are accepted too.
 */
export const REMOTE_TIMEOUT_SIGNALS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGKILL', 'TERM', 'KILL']);

/**
 * The command line sent over SSH for `argv`, with a remote time limit of `timeoutSeconds`
 * (rounded up; `timeout` counts whole seconds on BusyBox). Every element is quoted.
 */
export function remoteCommandLine(argv: readonly string[], timeoutSeconds: number): string {
  const quoted = quoteArgv(argv);
  const seconds = Math.max(1, Math.ceil(timeoutSeconds));
  return `exec sh -c ${quoteArgument(WRAPPER)} vigil ${seconds} ${quoted}`;
}
