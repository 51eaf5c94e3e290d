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

/** Exit statuses of `timeout` when it stopped the command (TERM, then KILL after -k). */
export const REMOTE_TIMEOUT_EXIT_CODES: ReadonlySet<number> = new Set([124, 137]);

/**
 * The command line sent over SSH for `argv`, with a remote time limit of `timeoutSeconds`
 * (rounded up; `timeout` counts whole seconds on BusyBox). Every element is quoted.
 */
export function remoteCommandLine(argv: readonly string[], timeoutSeconds: number): string {
  const quoted = quoteArgv(argv);
  const seconds = Math.max(1, Math.ceil(timeoutSeconds));
  return `exec sh -c ${quoteArgument(WRAPPER)} vigil ${seconds} ${quoted}`;
}
