import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { prometheusToEvents } from '../../ingest/prometheus.js';
import { PrometheusAlertsSchema } from '../../ingest/schemas.js';
import { type ApiContext, ingestSink } from '../context.js';
import { errorResponses } from '../schemas/common.js';
import { strictValidator } from '../strict-validator.js';
import { checkBatchSize } from './batch-limit.js';

/**
 * `POST /api/v2/alerts`: the alert push Prometheus sends to an Alertmanager, so a Prometheus can
 * list vigil under `alerting.alertmanagers` (`api_version: v2`). Answers 200 with an empty body,
 * as Alertmanager does, once the alerts are stored and correlated.
 */
export function prometheusRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const ingest = ingestSink(ctx, 'prometheus');
    app.post(
      '/api/v2/alerts',
      {
        config: { permission: 'ingest' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Receive alerts from Prometheus (Alertmanager API v2 postAlerts)',
          tags: ['ingest'],
          body: PrometheusAlertsSchema,
          response: { 200: { description: 'Alerts stored (empty body)', type: 'null' }, ...errorResponses },
        },
        preValidation: async (request) => checkBatchSize(request.body, ctx.limits.batchEvents, true),
      },
      async (request, reply) => {
        const events = prometheusToEvents(request.body, ctx.clock.now());
        if (events.length > 0) await ingest(events);
        // Alertmanager answers with an empty body; `undefined` sends none.
        return reply.code(200).send(undefined as unknown as null);
      },
    );
  };
}
