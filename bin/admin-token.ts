import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `vigil run` keeps the admin token it generated. */
export const adminTokenPath = (dataDir: string): string => join(dataDir, 'admin.token');

/**
 * The admin token of a setup with no token configured: read from `<data-dir>/admin.token`, or
 * generated there on first start (256 random bits, file mode 0600). Returns whether it is new so
 * the banner can say so.
 */
export function ensureAdminToken(dataDir: string): { token: string; path: string; created: boolean } {
  const path = adminTokenPath(dataDir);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length >= 16) return { token, path, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { token, path, created: true };
}
