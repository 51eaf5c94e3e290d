import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CHANGE_STATES } from '../../automation/change.js';
import { VigilError } from '../../errors/vigil-error.js';
import type { ApiContext } from '../context.js';
import { presentChange } from '../present-change.js';
import { PageQuery } from '../schemas/common.js';
import { strictValidator } from '../strict-validator.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^CHG-[0-9]{6,12}$' }) });
const Decision = Type.Object(
  { note: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) },
  { additionalProperties: false },
);

/** Change records of automation runs: list, detail, and the operator's approval or rejection. */
export function changeRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const store = () => {
      if (!ctx.changes) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Change store', id: '(none)' });
      return ctx.changes;
    };

    app.get(
      '/api/v1/changes',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List change records (automation runs), newest first',
          tags: ['changes'],
          querystring: Type.Object(
            {
              state: Type.Optional(Type.Union(CHANGE_STATES.map((s) => Type.Literal(s)))),
              rule: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
              incidentId: Type.Optional(Type.String({ pattern: '^INC-[0-9]{6,12}$' })),
              ciId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
              action: Type.Optional(
                Type.String({ pattern: '^(ssh|script|webhook):[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$' }),
              ),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        if (!ctx.changes) return { items: [], next: null };
        const { limit = 100, ...rest } = request.query;
        const page = await ctx.changes.listChanges({ ...rest, limit });
        return { items: page.items.map(presentChange), next: page.next };
      },
    );

    app.get(
      '/api/v1/changes/:id',
      {
        config: { permission: 'read' },
        schema: { summary: 'One change record', tags: ['changes'], params: IdParams },
      },
      async (request) => {
        const change = ctx.changes ? await store().getChange(request.params.id) : null;
        if (!change) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Change', id: request.params.id });
        return presentChange(change);
      },
    );

    for (const action of ['approve', 'reject'] as const) {
      app.post(
        `/api/v1/changes/:id/${action}`,
        {
          config: { permission: 'act' },
          validatorCompiler: strictValidator,
          preValidation: async (request) => {
            request.body ??= {};
          },
          schema: {
            summary: `${action} a change waiting for approval`,
            tags: ['changes'],
            params: IdParams,
            body: Decision,
          },
        },
        async (request) => {
          const { id } = request.params;
          const past = action === 'approve' ? 'approved' : 'rejected';
          if (!ctx.automation) {
            const exists = ctx.changes ? await ctx.changes.getChange(id) : null;
            if (!exists) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Change', id });
            throw new VigilError('VIGIL_ERR_AUTOMATION_DISABLED', { id, action: past });
          }
          const actor = request.principal?.name ?? 'unknown';
          const note = (request.body as { note?: string } | undefined)?.note ?? null;
          const change =
            action === 'approve'
              ? await ctx.automation.approve(id, actor, note)
              : await ctx.automation.reject(id, actor, note);
          return presentChange(change);
        },
      );
    }
  };
}
