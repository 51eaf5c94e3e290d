import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

/** The Lua scripts of the Redis store, each in its own file under `lua/`. */
export const SCRIPTS = [
  'commit',
  'commit-cmdb',
  'allocate',
  'save-change',
  'close-outage',
  'put-silence',
  'save-groups',
  'drop-groups',
  'reindex-cis',
  'claim-notification',
  'record-notification',
  'prune-notifications',
  'release-claims',
] as const;
export type ScriptName = (typeof SCRIPTS)[number];

/**
 * Where the `.lua` files are: next to this module (source tree, or `dist/` after `npm run build`
 * copied them), else in the source tree seen from `dist/` (a bare `tsc` build does not copy them).
 */
export function luaDir(): string {
  const candidates = [
    new URL('./lua/', import.meta.url),
    new URL('../../../../correlator/store/redis/lua/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(`${dir}commit.lua`)) return dir;
  }
  throw new Error(`the Redis store's Lua scripts are missing next to ${fileURLToPath(import.meta.url)}`);
}

/**
 * The text of one script as Redis runs it: `lua/prelude.lua` (the helpers every script shares)
 * followed by the script's own file, so no script repeats the helpers.
 */
export function scriptSource(name: ScriptName, dir: string = luaDir()): string {
  return `${readFileSync(`${dir}prelude.lua`, 'utf8')}\n${readFileSync(`${dir}${name}.lua`, 'utf8')}`;
}

/** A script call as ioredis exposes a command defined without a fixed key count. */
export type ScriptFn = (numKeys: number, ...args: Array<string | Buffer>) => Promise<unknown>;

/**
 * Registers every script with `defineCommand` (ioredis runs EVALSHA and falls back to EVAL once
 * when the server forgot the script, e.g. after a restart) and returns typed callers.
 */
export function defineScripts(redis: Redis): Record<ScriptName, ScriptFn> {
  const dir = luaDir();
  const out = {} as Record<ScriptName, ScriptFn>;
  for (const name of SCRIPTS) {
    const command = `vigil_${name.replaceAll('-', '_')}`;
    redis.defineCommand(command, { lua: scriptSource(name, dir) });
    const fn = (redis as unknown as Record<string, ScriptFn>)[command]!;
    out[name] = fn.bind(redis);
  }
  return out;
}
