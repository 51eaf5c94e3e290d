import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import { periodAt } from '../../sla/period.js';
import { buildSlaReport } from '../../sla/report.js';
import { reportCsv, reportHtml, reportJson } from '../../sla/report-format.js';
import type { ApiContext } from '../context.js';

/** Longest report window: a little over a year, so one request cannot scan unbounded history. */
const MAX_WINDOW_MS = 400 * 86_400_000;

function parseTime(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new VigilError('VIGIL_ERR_BAD_REQUEST', {
      reason: `${what} must be an ISO-8601 time such as 2026-01-01T00:00:00Z`,
    });
  return ms;
}

/** SLA reports: availability, attainment, breaches, MTTA/MTTR of one service over a window. */
export function slaRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/sla/report',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'SLA report of a service as JSON, CSV or printable HTML',
          tags: ['sla'],
          querystring: Type.Object(
            {
              service: Type.String({ minLength: 1, maxLength: 64 }),
              from: Type.Optional(Type.String({ maxLength: 40 })),
              to: Type.Optional(Type.String({ maxLength: 40 })),
              format: Type.Optional(
                Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('html')]),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { service: name, format = 'json' } = request.query;
        const sla = ctx.sla;
        const service = sla?.services.find((s) => s.name === name);
        if (!sla || !service) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Service', id: name });
        const now = ctx.clock.now();
        const current = periodAt(
          service.sla?.period ?? 'calendar_month',
          now,
          service.sla?.timeZone ?? 'UTC',
        );
        const from = parseTime(request.query.from, 'from') ?? current.start;
        const to = parseTime(request.query.to, 'to') ?? Math.min(current.end, now);
        if (to <= from) throw new VigilError('VIGIL_ERR_BAD_REQUEST', { reason: 'to must be after from' });
        if (to - from > MAX_WINDOW_MS)
          throw new VigilError('VIGIL_ERR_BAD_REQUEST', {
            reason: 'the window from..to may span at most 400 days',
          });
        await sla.tracker.refreshMembers();
        const report = await buildSlaReport(
          sla.store,
          service,
          sla.tracker.membersOf(name),
          { start: from, end: to },
          now,
        );
        if (format === 'csv')
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="sla-${name}.csv"`)
            .send(reportCsv(report));
        if (format === 'html')
          return reply
            .type('text/html; charset=utf-8')
            .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
            .send(reportHtml(report));
        return reportJson(report);
      },
    );
  };
}
