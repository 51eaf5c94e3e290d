/**
 * `*` / `?` wildcard filters for interface names, mount points and filesystem types. Users
 * write `docker*` or `/var/lib/docker/*` in config; full regexes would be overkill and a
 * footgun there.
 */

/** Include / exclude wildcard lists; a name passes when it matches an include and no exclude. */
export interface NameFilterOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

/** Decides whether a name is monitored. */
export type NameFilter = (name: string) => boolean;

/** Compiles a wildcard (`*` any run of characters, `?` one character) into an anchored RegExp. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** Builds a filter from include/exclude wildcard lists (include defaults to everything). */
export function createNameFilter({ include = ['*'], exclude = [] }: NameFilterOptions = {}): NameFilter {
  const included = include.map(wildcardToRegExp);
  const excluded = exclude.map(wildcardToRegExp);
  return (name) => included.some((re) => re.test(name)) && !excluded.some((re) => re.test(name));
}
