import { readdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { VigilError } from '../correlator/errors/vigil-error.js';

/** A file a pattern selected: where to read it and how to name it in messages. */
export interface RuleFilePath {
  /** Absolute path. */
  readonly path: string;
  /** The path as the user wrote it (directory part of the pattern + file name). */
  readonly display: string;
}

const WILDCARD = /[*?]/;

/**
 * Expands a rule file pattern relative to `baseDir`. Only the file name may hold `*` / `?`
 * (`rules/*.yaml`, not `rules/**`): Node 20 has no stable glob, and a directory of rule files is
 * all configs need. A pattern without wildcards names one file; a wildcard pattern may match
 * none, but its directory must exist. Matches are sorted; hidden files need a pattern that
 * starts with a dot.
 */
export async function expandRulePattern(pattern: string, baseDir: string): Promise<RuleFilePath[]> {
  const fail = (reason: string): never => {
    throw new VigilError('VIGIL_ERR_RULE_FILE_UNREADABLE', { file: pattern, reason });
  };
  if (pattern.trim() === '') return fail('the pattern is empty');
  const writtenDir = dirname(pattern);
  const name = basename(pattern);
  if (WILDCARD.test(writtenDir))
    return fail('wildcards are only supported in the file name, as in rules/*.yaml');
  const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
  if (!WILDCARD.test(name)) return [{ path: absolute, display: pattern }];
  const directory = dirname(absolute);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    return fail(`directory ${directory} cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const regex = wildcardRegExp(name);
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && regex.test(entry.name))
    .filter((entry) => !entry.name.startsWith('.') || name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((file) => ({ path: join(directory, file), display: join(writtenDir, file) }));
}

function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[\\^$.|+()[\]{}]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}
