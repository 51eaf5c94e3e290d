import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { formatDuration, parseDuration } from '../../../config/duration.js';
import { VigilError } from '../../errors/vigil-error.js';
import type { Maintenance, WindowStatus } from '../../suppression/maintenance/maintenance.js';
import type { MaintenanceSchedule } from '../../suppression/maintenance/schedule.js';
import { MAX_SELECTOR_ITEMS } from '../../suppression/maintenance/window.js';
import { strictValidator } from '../strict-validator.js';

const NameParams = Type.Object(
  { name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }) },
  { additionalProperties: false },
);
const Time = Type.String({ format: 'date-time', maxLength: 64 });
const List = (maxLength: number) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength }), { maxItems: MAX_SELECTOR_ITEMS }));

/** The body of `POST /api/v1/maintenance`: a one-off (`startsAt`/`endsAt`) or recurring (`cron`) window. */
const WindowBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    selector: Type.Object(
      { ciIds: List(64), names: List(256), classes: List(32), matchers: List(1024) },
      { additionalProperties: false },
    ),
    schedule: Type.Union([
      Type.Object({ startsAt: Time, endsAt: Time }, { additionalProperties: false }),
      Type.Object(
        {
          cron: Type.String({ minLength: 1, maxLength: 128 }),
          duration: Type.String({ minLength: 1, maxLength: 32 }),
          timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        },
        { additionalProperties: false },
      ),
    ]),
    comment: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false },
);

/** A window as the API shows it: times in ISO-8601, durations as text, and whether it is open now. */
function present({ window, occurrence }: WindowStatus) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const s = window.schedule;
  return {
    name: window.name,
    source: window.source,
    selector: window.selector,
    schedule:
      s.kind === 'once'
        ? { startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) }
        : { cron: s.cron, duration: formatDuration(s.durationMs), timezone: s.timezone },
    comment: window.comment,
    createdBy: window.createdBy,
    active: occurrence !== null,
    ...(occurrence ? { activeFrom: iso(occurrence.start), activeUntil: iso(occurrence.end) } : {}),
  };
}

/** Turns the body's schedule into the model's; a bad duration is VIGIL_ERR_MAINTENANCE_INVALID. */
function schedule(name: string, body: Static<typeof WindowBody>['schedule']): MaintenanceSchedule {
  if ('startsAt' in body)
    return { kind: 'once', startsAt: Date.parse(body.startsAt), endsAt: Date.parse(body.endsAt) };
  let durationMs: number;
  try {
    durationMs = parseDuration(body.duration);
  } catch {
    throw new VigilError('VIGIL_ERR_MAINTENANCE_INVALID', {
      name,
      reason: `duration "${body.duration}" is not a duration such as 30m, 2h or 1d`,
    });
  }
  return { kind: 'recurring', cron: body.cron, durationMs, timezone: body.timezone ?? 'UTC' };
}

/**
 * Maintenance windows: create (operator), list and read (viewer, config windows included), delete
 * (operator; API windows only, a config window is changed in the config file).
 */
export function maintenanceRoutes(maintenance: Maintenance): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/maintenance',
      {
        config: { permission: 'act' },
        validatorCompiler: strictValidator,
        schema: { summary: 'Create a maintenance window', tags: ['maintenance'], body: WindowBody },
      },
      async (request, reply) => {
        const body = request.body;
        const created = await maintenance.create({
          name: body.name,
          selector: {
            ciIds: body.selector.ciIds ?? [],
            names: body.selector.names ?? [],
            classes: body.selector.classes ?? [],
            matchers: body.selector.matchers ?? [],
          },
          schedule: schedule(body.name, body.schedule),
          comment: body.comment ?? '',
          createdBy: request.principal?.name ?? 'unknown',
        });
        reply.code(201);
        return present(created);
      },
    );

    app.get(
      '/api/v1/maintenance',
      {
        config: { permission: 'read' },
        schema: { summary: 'List maintenance windows', tags: ['maintenance'] },
      },
      async () => ({ items: (await maintenance.list()).map(present) }),
    );

    app.get(
      '/api/v1/maintenance/:name',
      {
        config: { permission: 'read' },
        schema: { summary: 'One maintenance window', tags: ['maintenance'], params: NameParams },
      },
      async (request) => present(await maintenance.get(request.params.name)),
    );

    app.delete(
      '/api/v1/maintenance/:name',
      {
        config: { permission: 'act' },
        schema: {
          summary: 'Delete a maintenance window created through the API',
          tags: ['maintenance'],
          params: NameParams,
        },
      },
      async (request, reply) => {
        await maintenance.delete(request.params.name);
        reply.code(204);
      },
    );
  };
}
