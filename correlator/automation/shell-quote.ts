/**
 * Quotes argv for a POSIX shell: every element in single quotes, embedded single quotes as
 * `'\''`. What a `RemoteRunner` over SSH must send, because sshd hands the command to the login
 * shell. NUL cannot be passed in an argument at all and is refused.
 * @example shellQuote(['echo', "it's; rm -rf /"]) === "'echo' 'it'\\''s; rm -rf /'"
 */
export function shellQuote(argv: readonly string[]): string {
  return argv
    .map((arg) => {
      if (arg.includes('\0')) throw new Error('an argument contains a NUL byte');
      return `'${arg.replaceAll("'", `'\\''`)}'`;
    })
    .join(' ');
}
