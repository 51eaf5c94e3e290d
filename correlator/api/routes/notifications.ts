import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import { NOTIFICATION_STATES, type OutboxEntry, type OutboxStore } from '../../store/outbox-store.js';
import { PageQuery } from '../schemas/common.js';

const iso = (ms: number | null | undefined): string | null =>
  ms == null ? null : new Date(ms).toISOString();

/** A notification as the API shows it (docs/notifications.md); bodies hold no secrets. */
export function presentNotification(n: OutboxEntry) {
  return {
    id: n.id,
    incidentId: n.incidentId,
    transition: n.transition,
    receiver: n.receiver,
    rule: n.rule,
    kind: n.kind,
    state: n.state,
    attempts: n.attempts,
    createdAt: iso(n.createdAt),
    requeuedAt: iso(n.requeuedAt),
    nextAttemptAt: iso(n.nextAttemptAt),
    deliveredAt: iso(n.deliveredAt),
    lastReason: n.lastReason,
    lastError: n.lastError,
    body: n.body,
  };
}

/** What the notification routes work with. */
export interface NotificationsContext {
  store: OutboxStore;
  /** False when this process sends none (no `notify` receivers): a retry would never be sent. */
  sending: boolean;
  now: () => number;
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 512 }) });

/**
 * `GET /api/v1/notifications` (the outbox: pending, delivered and dead letters), one notification,
 * and `POST /api/v1/notifications/{id}/retry` to queue a dead letter again once its receiver is fixed.
 */
export function notificationRoutes(ctx: NotificationsContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/notifications',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List notifications of the outbox, newest first',
          tags: ['notifications'],
          querystring: Type.Object(
            {
              state: Type.Optional(Type.Union(NOTIFICATION_STATES.map((s) => Type.Literal(s)))),
              incident: Type.Optional(Type.String({ pattern: '^INC-[0-9]{6,12}$' })),
              receiver: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { limit = 100, incident, ...rest } = request.query;
        const page = await ctx.store.listNotifications({
          ...rest,
          ...(incident ? { incidentId: incident } : {}),
          limit,
        });
        return { items: page.items.map(presentNotification), next: page.next };
      },
    );

    app.get(
      '/api/v1/notifications/:id',
      {
        config: { permission: 'read' },
        schema: { summary: 'One notification', tags: ['notifications'], params: IdParams },
      },
      async (request) => {
        const found = await ctx.store.getNotification(request.params.id);
        if (!found)
          throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Notification', id: request.params.id });
        return presentNotification(found);
      },
    );

    app.post(
      '/api/v1/notifications/:id/retry',
      {
        config: { permission: 'act' },
        schema: { summary: 'Queue a dead notification again', tags: ['notifications'], params: IdParams },
      },
      async (request) => {
        if (!ctx.sending)
          throw new VigilError('VIGIL_ERR_NOTIFY_UNAVAILABLE', {
            reason: 'this process has no notify receivers',
          });
        const found = await ctx.store.getNotification(request.params.id);
        if (!found)
          throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Notification', id: request.params.id });
        if (found.state !== 'dead')
          throw new VigilError('VIGIL_ERR_NOTIFICATION_STATE', { id: found.id, state: found.state });
        const now = ctx.now();
        const requeued: OutboxEntry = { ...found, state: 'pending', requeuedAt: now, nextAttemptAt: now };
        const actor = request.principal?.name ?? 'unknown';
        const stored = await ctx.store.recordNotification(requeued, {
          incidentId: found.incidentId,
          entry: {
            at: now,
            actor,
            action: 'notify_requeued',
            fromStatus: null,
            toStatus: null,
            detail: `${found.transition} to ${found.receiver} (rule ${found.rule}) queued again by ${actor}`,
          },
        });
        // Pruned between the read and the write: it is gone, as a later read would say.
        if (!stored)
          throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Notification', id: request.params.id });
        return presentNotification(requeued);
      },
    );
  };
}
