import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { remoteCommandLine } from './remote-command.js';
import { quoteArgument, quoteArgv } from './shell-quote.js';

const HOSTILE = [
  "it's",
  '$(touch /tmp/vigil-pwned)',
  '`id`',
  'a; rm -rf /',
  'a && b || c',
  '"double" \\ back',
  'new\nline',
  '*',
  '~root',
  '$HOME',
  '--flag=x',
  '',
  ' spaced ',
  'ünïcødé ✓',
  "'",
  "''''",
];

describe('quoteArgv', () => {
  it('round-trips every hostile value through a real POSIX shell unchanged', () => {
    const line = `printf '%s\\0' ${quoteArgv(HOSTILE)}`;
    const out = execFileSync('sh', ['-c', line]).toString();
    expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });

  it('leaves plain words readable', () => {
    expect(quoteArgv(['df', '-PT', '/var/lib'])).toBe('df -PT /var/lib');
    expect(quoteArgument("it's")).toBe(`'it'\\''s'`);
  });

  it('refuses NUL bytes, huge arguments and empty argv with VIGIL_ERR_SSH_BAD_ARGUMENT', () => {
    for (const bad of [
      () => quoteArgv(['a', 'b\0c']),
      () => quoteArgv(['x'.repeat(70_000)]),
      () => quoteArgv([]),
    ]) {
      expect(bad).toThrow(VigilError);
      try {
        bad();
      } catch (error) {
        expect((error as VigilError).code).toBe('VIGIL_ERR_SSH_BAD_ARGUMENT');
      }
    }
  });
});

describe('remoteCommandLine', () => {
  it('runs argv under the wrapper exactly as given, through a real shell', () => {
    const out = execFileSync('sh', ['-c', remoteCommandLine(['printf', '%s|', ...HOSTILE], 5)]).toString();
    expect(out).toBe(`${HOSTILE.join('|')}|`);
  });

  it('kills a command at the remote time limit (timeout -k), status 124', () => {
    let status: number | null = 0;
    try {
      execFileSync('sh', ['-c', remoteCommandLine(['sleep', '7.391'], 1)]);
    } catch (error) {
      status = (error as { status: number | null }).status;
    }
    expect(status).toBe(124);
  });

  it('rounds sub-second limits up to one whole second', () => {
    expect(remoteCommandLine(['true'], 0.2)).toContain(' vigil 1 true');
  });
});
