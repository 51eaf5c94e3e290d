import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import type { SilenceRecord } from '../../store/suppression-store.js';
import { silenceState } from '../../store/suppression-store.js';
import { MAX_SILENCE_MATCHERS, type Silences } from '../../suppression/silences.js';
import type { ApiContext } from '../context.js';
import { PageQuery } from '../schemas/common.js';
import { strictValidator } from '../strict-validator.js';

const IdParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) },
  { additionalProperties: false },
);
const Time = Type.String({ format: 'date-time', maxLength: 64 });
const State = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('expired')]);

/** The body of `POST /api/v1/silences` (Alertmanager-like, matchers in vigil's matcher syntax). */
const SilenceBody = Type.Object(
  {
    matchers: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      minItems: 1,
      maxItems: MAX_SILENCE_MATCHERS,
    }),
    startsAt: Type.Optional(Time),
    endsAt: Time,
    createdBy: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    comment: Type.String({ minLength: 1, maxLength: 4096 }),
  },
  { additionalProperties: false },
);

/** A silence as the API shows it: times in ISO-8601 and its state now. */
function present(silence: SilenceRecord, now: number) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: silence.id,
    status: { state: silenceState(silence, now) },
    matchers: silence.matchers,
    startsAt: iso(silence.startsAt),
    endsAt: iso(silence.endsAt),
    createdBy: silence.createdBy,
    comment: silence.comment,
    createdAt: iso(silence.createdAt),
    updatedAt: iso(silence.updatedAt),
  };
}

/**
 * Silences: create (operator), list and read (viewer), expire early with DELETE (operator). The
 * body is checked strictly (no coercion); its matchers and times by the silence rules
 * (VIGIL_ERR_MATCHER_INVALID, VIGIL_ERR_SILENCE_INVALID). Nothing is stored on bad input.
 */
export function silenceRoutes(ctx: ApiContext, silences: Silences): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/silences',
      {
        config: { permission: 'act' },
        validatorCompiler: strictValidator,
        schema: { summary: 'Create a silence', tags: ['silences'], body: SilenceBody },
      },
      async (request, reply) => {
        const body = request.body;
        const silence = await silences.create({
          matchers: body.matchers,
          ...(body.startsAt === undefined ? {} : { startsAt: Date.parse(body.startsAt) }),
          endsAt: Date.parse(body.endsAt),
          createdBy: body.createdBy ?? request.principal?.name ?? 'unknown',
          comment: body.comment,
        });
        reply.code(201);
        return present(silence, ctx.clock.now());
      },
    );

    app.get(
      '/api/v1/silences',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List silences, newest first',
          tags: ['silences'],
          querystring: Type.Object(
            { state: Type.Optional(State), ...PageQuery },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { limit = 100, ...rest } = request.query;
        const page = await silences.list({ ...rest, limit });
        const now = ctx.clock.now();
        return { items: page.items.map((s) => present(s, now)), next: page.next };
      },
    );

    app.get(
      '/api/v1/silences/:id',
      {
        config: { permission: 'read' },
        schema: { summary: 'One silence', tags: ['silences'], params: IdParams },
      },
      async (request) => {
        const silence = await silences.get(request.params.id);
        if (!silence) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Silence', id: request.params.id });
        return present(silence, ctx.clock.now());
      },
    );

    app.delete(
      '/api/v1/silences/:id',
      {
        config: { permission: 'act' },
        schema: { summary: 'Expire a silence now', tags: ['silences'], params: IdParams },
      },
      async (request) => present(await silences.expire(request.params.id), ctx.clock.now()),
    );
  };
}
