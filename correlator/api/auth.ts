import { createHash, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../errors/vigil-error.js';

/** Token roles (DESIGN.md "Auth"). */
export type Role = 'viewer' | 'operator' | 'admin' | 'agent';

/** What a route needs: read (viewer), act on incidents (operator), ingest (agent), configure (admin). */
export type Permission = 'read' | 'act' | 'ingest' | 'admin' | 'public';

/** A configured bearer token. */
export interface TokenConfig {
  name: string;
  role: Role;
  token: string;
}

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(['read']),
  operator: new Set(['read', 'act', 'ingest']),
  admin: new Set(['read', 'act', 'ingest', 'admin']),
  agent: new Set(['ingest']),
};

const NEEDED: Record<Permission, string> = {
  read: 'viewer, operator or admin',
  act: 'operator or admin',
  ingest: 'agent, operator or admin',
  admin: 'admin',
  public: 'no token',
};

/** Who a request is, once its token is verified. */
export interface Principal {
  name: string;
  role: Role;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Verifies bearer tokens. Tokens are kept only as SHA-256 digests and compared with
 * `timingSafeEqual` against every configured token, so timing reveals neither which token nor how
 * much of it matched.
 */
export class TokenVerifier {
  readonly #tokens: Array<{ digest: Buffer; principal: Principal }>;

  constructor(tokens: readonly TokenConfig[]) {
    this.#tokens = tokens.map((t) => ({
      digest: digest(t.token),
      principal: { name: t.name, role: t.role },
    }));
  }

  /** The principal of an `Authorization` header value, or VIGIL_ERR_UNAUTHORIZED. */
  authenticate(header: string | undefined): Principal {
    const match = header ? /^Bearer\s+(\S{1,4096})\s*$/i.exec(header) : null;
    if (!match) throw new VigilError('VIGIL_ERR_UNAUTHORIZED');
    const presented = digest(match[1]!);
    let found: Principal | null = null;
    for (const t of this.#tokens) {
      if (timingSafeEqual(presented, t.digest) && found === null) found = t.principal;
    }
    if (!found) throw new VigilError('VIGIL_ERR_UNAUTHORIZED');
    return found;
  }

  /** Checks a principal may do what a route needs, or VIGIL_ERR_FORBIDDEN naming the gap. */
  authorize(principal: Principal, permission: Permission): void {
    if (permission === 'public' || GRANTS[principal.role].has(permission)) return;
    throw new VigilError('VIGIL_ERR_FORBIDDEN', {
      token: principal.name,
      role: principal.role,
      needed: NEEDED[permission],
    });
  }
}
