import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import type { IncidentAction } from '../../incidents/lifecycle.js';
import { INCIDENT_STATUSES, PRIORITIES } from '../../model/itil.js';
import type { ApiContext } from '../context.js';
import { incidentReasons } from '../incident-reasons.js';
import { presentAlert, presentIncident, presentTimelineEntry } from '../present.js';
import { PageQuery } from '../schemas/common.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^INC-[0-9]{6,12}$' }) });
const Note = Type.Optional(Type.String({ minLength: 1, maxLength: 4096 }));

/** The operator actions and the body each takes. */
const ACTIONS = {
  acknowledge: {
    body: Type.Object({}, { additionalProperties: false }),
    toAction: (): IncidentAction => ({ kind: 'acknowledge' }),
  },
  assign: {
    body: Type.Object(
      {
        group: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
        assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
    toAction: (b: { group?: string; assignee?: string }): IncidentAction => ({ kind: 'assign', ...b }),
  },
  resolve: {
    body: Type.Object({ note: Note }, { additionalProperties: false }),
    toAction: (b: { note?: string }): IncidentAction => ({ kind: 'resolve', ...b }),
  },
  close: {
    body: Type.Object({ note: Note }, { additionalProperties: false }),
    toAction: (b: { note?: string }): IncidentAction => ({ kind: 'close', ...b }),
  },
  notes: {
    body: Type.Object(
      { text: Type.String({ minLength: 1, maxLength: 16_384 }) },
      { additionalProperties: false },
    ),
    toAction: (b: { text: string }): IncidentAction => ({ kind: 'note', text: b.text }),
  },
} as const;

/** Incident list, detail (with timeline and alerts) and the operator actions. */
export function incidentRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/incidents',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List incidents, newest first',
          tags: ['incidents'],
          querystring: Type.Object(
            {
              status: Type.Optional(Type.Union(INCIDENT_STATUSES.map((s) => Type.Literal(s)))),
              priority: Type.Optional(Type.Union(PRIORITIES.map((p) => Type.Literal(p)))),
              open: Type.Optional(Type.Boolean()),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { limit = 100, ...rest } = request.query;
        const page = await ctx.store.listIncidents({ ...rest, limit });
        return { items: page.items.map(presentIncident), next: page.next };
      },
    );

    app.get(
      '/api/v1/incidents/:id',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'One incident with its timeline and alerts',
          tags: ['incidents'],
          params: IdParams,
        },
      },
      async (request) => {
        const incident = await ctx.store.getIncident(request.params.id);
        if (!incident)
          throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Incident', id: request.params.id });
        const [timeline, alerts] = await Promise.all([
          ctx.store.getTimeline(incident.id),
          Promise.all(incident.alertFingerprints.slice(0, 500).map((fp) => ctx.store.getAlert(fp))),
        ]);
        const derived = incidentReasons(timeline);
        return {
          ...presentIncident(incident),
          timeline: timeline.map(presentTimelineEntry),
          alerts: alerts.flatMap((a) =>
            a
              ? [presentAlert({ ...a, reasons: [...a.reasons, ...derived].sort((x, y) => x.at - y.at) })]
              : [],
          ),
        };
      },
    );

    for (const [name, spec] of Object.entries(ACTIONS)) {
      app.post(
        `/api/v1/incidents/:id/${name}`,
        {
          config: { permission: 'act' },
          preValidation: async (request) => {
            request.body ??= {};
          },
          schema: {
            summary: `${name} an incident`,
            tags: ['incidents'],
            params: IdParams,
            body: spec.body,
          },
        },
        async (request) => {
          const body = (request.body ?? {}) as never;
          const action = spec.toAction(body);
          const incident = await ctx.pipeline.act(
            request.params.id,
            action,
            request.principal?.name ?? 'unknown',
          );
          return presentIncident(incident);
        },
      );
    }
  };
}
