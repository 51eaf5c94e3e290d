import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError } from '../../errors/vigil-error.js';
import { type ApiContext, ingestSink } from '../context.js';
import { errorResponses } from '../schemas/common.js';
import { EventBatchReply, EventBatchSchema } from '../schemas/event-schema.js';
import { strictValidator } from '../strict-validator.js';

/**
 * `POST /api/v1/events`: the native ingest. Answers 202 with one receipt per event only after the
 * batch is durably stored and correlated (`vigil server`: durably appended to the ingest stream,
 * receipts `queued`); an empty or oversized batch is refused before any work.
 */
export function eventRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const ingest = ingestSink(ctx, 'events');
    app.post(
      '/api/v1/events',
      {
        config: { permission: 'ingest' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Ingest a batch of native events',
          tags: ['ingest'],
          body: EventBatchSchema,
          response: { 202: EventBatchReply, ...errorResponses },
        },
        preValidation: async (request) => {
          if (Array.isArray(request.body)) request.body = { events: request.body };
          const events = (request.body as { events?: unknown } | null)?.events;
          if (Array.isArray(events)) {
            if (events.length === 0) throw new VigilError('VIGIL_ERR_EMPTY_BATCH');
            if (events.length > ctx.limits.batchEvents) {
              throw new VigilError('VIGIL_ERR_BATCH_TOO_LARGE', {
                count: events.length,
                limit: ctx.limits.batchEvents,
              });
            }
          }
        },
      },
      async (request, reply) => {
        const receipts = await ingest(request.body.events);
        const duplicates = receipts.filter((r) => r.status === 'duplicate').length;
        return reply.code(202).send({ accepted: receipts.length - duplicates, duplicates, items: receipts });
      },
    );
  };
}
