import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pagerDutyKey, pagerDutyResolveEvent, pagerDutyToCommand } from '../../ingest/pagerduty.js';
import { PagerDutyEventSchema, PagerDutyReply } from '../../ingest/schemas.js';
import { fingerprint } from '../../model/fingerprint.js';
import { type ApiContext, ingestSink } from '../context.js';
import { errorResponses } from '../schemas/common.js';
import { strictValidator } from '../strict-validator.js';

const ACKNOWLEDGEABLE = new Set(['new', 'assigned', 'in_progress']);

/**
 * `POST /api/v1/integrations/pagerduty`: PagerDuty Events API v2, so anything that can page
 * PagerDuty can open vigil incidents. `trigger` fires the alert keyed by `dedup_key`, `resolve`
 * recovers it, `acknowledge` acknowledges its open incident. Answers 202 with PagerDuty's body
 * (`status`, `message`, `dedup_key`); a resolve or acknowledge of an unknown key changes nothing,
 * as in PagerDuty. Errors keep vigil's `{error: {code, message}}` body.
 */
export function pagerDutyRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const ingest = ingestSink(ctx, 'pagerduty');
    app.post(
      '/api/v1/integrations/pagerduty',
      {
        config: { permission: 'ingest' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Receive a PagerDuty Events API v2 event',
          tags: ['ingest'],
          body: PagerDutyEventSchema,
          response: { 202: PagerDutyReply, ...errorResponses },
        },
      },
      async (request, reply) => {
        const command = pagerDutyToCommand(request.body, () => randomUUID().replaceAll('-', ''));
        const key = command.dedupKey;
        if (command.action === 'trigger') {
          await ingest([command.event]);
        } else {
          const alert = await ctx.store.getAlert(
            fingerprint({ source: '', resource: '', check: '', dedupKey: pagerDutyKey(key) }),
          );
          if (alert && command.action === 'resolve') {
            await ingest([pagerDutyResolveEvent(alert, key)]);
          } else if (alert?.incidentId && command.action === 'acknowledge') {
            const incident = await ctx.store.getIncident(alert.incidentId);
            if (incident && incident.acknowledgedAt === null && ACKNOWLEDGEABLE.has(incident.status)) {
              await ctx.pipeline.act(incident.id, { kind: 'acknowledge' }, 'pagerduty');
            }
          }
        }
        return reply
          .code(202)
          .send({ status: 'success' as const, message: 'Event processed', dedup_key: key });
      },
    );
  };
}
