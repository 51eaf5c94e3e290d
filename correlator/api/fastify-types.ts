import type { Permission, Principal } from './auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs from the caller's token (checked by the auth hook). */
    permission?: Permission;
  }
  interface FastifyRequest {
    /** The verified caller, on routes that need a token. */
    principal?: Principal;
  }
}
