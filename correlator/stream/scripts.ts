import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { luaDir, type ScriptFn } from '../store/redis/scripts.js';

/**
 * The Lua scripts of distributed mode, each in its own file beside the store's scripts. They use
 * none of the store's prelude helpers, so they are registered as they are.
 */
export const DISTRIBUTED_SCRIPTS = [
  'stream-append',
  'lease-acquire',
  'lease-renew',
  'lease-release',
  'discovery-claim',
] as const;
export type DistributedScript = (typeof DISTRIBUTED_SCRIPTS)[number];

/**
 * Registers the stream and lease scripts on a connection (ioredis EVALSHA, with one EVAL fallback
 * when Redis forgot them after a restart) and returns typed callers.
 */
export function defineDistributedScripts(redis: Redis): Record<DistributedScript, ScriptFn> {
  const dir = luaDir();
  const out = {} as Record<DistributedScript, ScriptFn>;
  for (const name of DISTRIBUTED_SCRIPTS) {
    const command = `vigil_${name.replaceAll('-', '_')}`;
    redis.defineCommand(command, { lua: readFileSync(`${dir}${name}.lua`, 'utf8') });
    out[name] = (redis as unknown as Record<string, ScriptFn>)[command]!.bind(redis);
  }
  return out;
}
