import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys.js';
import type { ScriptName } from './scripts.js';

/**
 * What the Redis store shares with its per-concern parts (changes, outages, suppression,
 * groups): one connection, the key names and the loaded scripts.
 */
export interface RedisParts {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /** Runs a script of `lua/` with its KEYS and ARGV. */
  run(script: ScriptName, keys: string[], args: Array<string | Buffer>): Promise<unknown>;
}
