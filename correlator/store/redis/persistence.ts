import type { Redis } from 'ioredis';

/**
 * Why a Redis server would lose acknowledged events, or null when its persistence is what
 * docs/redis.md asks for. Managed Redis often disables CONFIG: then nothing can be said (null).
 */
export async function persistenceWarning(redis: Redis): Promise<string | null> {
  let reply: string[];
  try {
    reply = (await redis.config('GET', 'appendonly')) as string[];
  } catch {
    return null;
  }
  if (reply[1] === 'yes') return null;
  return 'Redis runs without the append-only file (appendonly no): events acknowledged with 2xx are lost if Redis restarts. Set appendonly yes (see docs/redis.md).';
}
