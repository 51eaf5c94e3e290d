import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import type { ServiceDefinition } from '../../sla/service-definition.js';
import { memberHealth, serviceHealth } from '../../sla/service-health.js';
import type { ApiContext } from '../context.js';

/** Members a service detail lists (with their CI names); `members` counts them all. */
const MAX_MEMBERS = 1000;

const rollupOf = (s: ServiceDefinition) =>
  s.rollup.kind === 'quorum' ? { kind: 'quorum', down: s.rollup.down } : { kind: s.rollup.kind };

/** Configured services with their live state: up by the roll-up rule and highest open severity. */
export function serviceRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/services',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'Services with their state, highest open-incident severity and member counts',
          tags: ['sla'],
        },
      },
      async () => {
        const sla = ctx.sla;
        if (!sla || sla.services.length === 0) return { items: [], next: null };
        const health = await serviceHealth(ctx.store, sla);
        return {
          items: health.map((h, i) => ({
            ...h,
            rollup: rollupOf(sla.services[i]!),
            sla: sla.services[i]!.sla?.name ?? null,
          })),
          next: null,
        };
      },
    );

    app.get(
      '/api/v1/services/:name',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'One service with each member CI, its state and the open incidents on it',
          tags: ['sla'],
          params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }),
        },
      },
      async (request) => {
        const sla = ctx.sla;
        const index = sla?.services.findIndex((s) => s.name === request.params.name) ?? -1;
        if (!sla || index < 0)
          throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Service', id: request.params.name });
        const service = sla.services[index]!;
        const one = { services: [service], tracker: sla.tracker };
        const members = await memberHealth(ctx.store, one);
        const [health] = await serviceHealth(ctx.store, one, members);
        const listed = sla.tracker.membersOf(service.name).slice(0, MAX_MEMBERS);
        const cis = await Promise.all(listed.map((id) => ctx.store.getCi(id)));
        return {
          ...health!,
          rollup: rollupOf(service),
          sla: service.sla?.name ?? null,
          memberCis: listed.map((id, i) => {
            const m = members.get(id)!;
            const ci = cis[i];
            return {
              id,
              name: ci?.name ?? null,
              class: ci?.class ?? null,
              state: ci?.state ?? null,
              up: m.up,
              severity: m.severity,
              incidentIds: m.incidentIds,
            };
          }),
        };
      },
    );
  };
}
