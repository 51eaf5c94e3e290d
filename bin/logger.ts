import pino, { type Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'tokens[*].token',
  'authorization',
  'req.headers.authorization',
  'headers.authorization',
  '*.password',
  '*.privateKey',
  '*.community',
  '*.authKey',
  '*.privKey',
];

/**
 * The process logger: structured JSON lines on stderr (stdout stays free for command output such
 * as `--json`), secrets redacted by key.
 */
export function createLogger(level: string): Logger {
  return pino(
    { level, base: { app: 'vigil' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    pino.destination(2),
  );
}
