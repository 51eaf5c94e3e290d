import type { ErrorCode } from '../correlator/errors/catalogue.js';
import { type ErrorParams, VigilError } from '../correlator/errors/vigil-error.js';
import { type ConfigPath, formatKey } from './config-path.js';
import type { Location } from './yaml-locator.js';

/**
 * One problem found in a config file. Loading collects all of them so a user fixes a file in one
 * round; `vigil config check --json` prints them as they are.
 */
export interface ConfigIssue {
  readonly code: ErrorCode;
  readonly message: string;
  readonly file: string;
  /** 1-based; `null` when the problem concerns the whole file (not found, too large). */
  readonly line: number | null;
  readonly column: number | null;
  /** Dotted key such as `server.tokens[0].token`; `null` for syntax and file-level problems. */
  readonly key: string | null;
}

/** Builds an issue whose message is the catalogue template of `code`, filled with the same fields. */
export function makeIssue(
  code: ErrorCode,
  file: string,
  where: Location | null,
  path: ConfigPath | null,
  params: ErrorParams = {},
): ConfigIssue {
  const key = path === null ? null : formatKey(path);
  const line = where?.line ?? null;
  const column = where?.column ?? null;
  const message = new VigilError(code, {
    file,
    line: line ?? undefined,
    column: column ?? undefined,
    key: key ?? undefined,
    ...params,
  }).message;
  return { code, message, file, line, column, key };
}

/** Orders issues as they appear in the file and drops exact repeats. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const id = `${issue.code}\u0000${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Throws the first issue as a VigilError carrying every issue in `details`, so callers that only
 * print `message` still say something precise and callers that want everything have it.
 */
export function raiseIssues(issues: readonly ConfigIssue[]): never {
  const sorted = sortIssues(issues);
  const first = sorted[0];
  if (first === undefined) throw new Error('raiseIssues needs at least one issue');
  throw new ConfigError(first, sorted);
}

/** The error thrown for an invalid config: the first issue's code and message, all issues as details. */
export class ConfigError extends VigilError {
  override readonly details: readonly ConfigIssue[];

  constructor(first: ConfigIssue, all: readonly ConfigIssue[]) {
    super(first.code);
    this.message = first.message;
    this.details = all;
  }
}

/** Whether an error is an invalid-config error (and so has every issue in `details`). */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
