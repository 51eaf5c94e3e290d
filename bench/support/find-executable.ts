import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first of `names` found on PATH, or an error saying which Debian package provides it. */
export function findExecutable(names: string[]): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not in this directory
      }
    }
  }
  throw new Error(`${names.join(' or ')} not found on PATH: apt-get install prometheus-alertmanager`);
}
