import { VigilError } from '../../correlator/errors/vigil-error.js';

/** Longest single argument accepted (a remote command line is limited by ARG_MAX anyway). */
export const MAX_ARGUMENT_BYTES = 64 * 1024;

/**
 * Quotes one value for a POSIX shell: wrapped in single quotes, each `'` written as `'\''`.
 * Inside single quotes a POSIX shell expands nothing (`$`, backticks, `;`, newlines stay
 * literal), so this is the one quoting that is safe for any byte except NUL, which a C
 * argument cannot hold and is therefore refused.
 */
export function quoteArgument(value: string, index = 0): string {
  if (value.includes('\0')) {
    throw new VigilError('VIGIL_ERR_SSH_BAD_ARGUMENT', { index, reason: 'it contains a NUL byte' });
  }
  if (Buffer.byteLength(value) > MAX_ARGUMENT_BYTES) {
    throw new VigilError('VIGIL_ERR_SSH_BAD_ARGUMENT', {
      index,
      reason: `it is longer than ${MAX_ARGUMENT_BYTES} bytes`,
    });
  }
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Builds the remote command line from an argv: every element quoted, so values taken from
 * events or config are always data, never shell syntax. The remote login shell parses it.
 */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) {
    throw new VigilError('VIGIL_ERR_SSH_BAD_ARGUMENT', { index: 0, reason: 'the argument list is empty' });
  }
  return argv.map((value, index) => quoteArgument(value, index)).join(' ');
}
